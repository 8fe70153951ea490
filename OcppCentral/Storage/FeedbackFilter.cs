namespace OcppCentral.Storage;

/// <summary>Filters of feedback across sessions (null = any): created in [FromMs, ToMs), a rating range, a category, a charger.</summary>
public sealed record FeedbackFilter(long? FromMs, long? ToMs, int? MinRating, int? MaxRating, string? Category, string? ChargePointId,
    int Limit, int Offset);
