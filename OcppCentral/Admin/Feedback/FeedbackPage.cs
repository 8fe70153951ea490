namespace OcppCentral.Admin.Feedback;

/// <summary>A page of GET /api/feedback: how many match in all, the page asked for, and its items.</summary>
public sealed record FeedbackPage(long Total, int Limit, int Offset, IReadOnlyList<FeedbackItem> Items);
