namespace ChargeMonitor.Simulator.Feedback;

/// <summary>The body of <c>POST /api/sessions/{transactionId}/feedback</c> (docs/anomalies-and-feedback.md).</summary>
public sealed record DriverFeedback
{
    public static readonly IReadOnlyList<string> Categories = ["Signage", "ChargingSpeed", "Reliability", "Payment", "Support", "Other"];

    public DriverFeedback(int rating, string category, string comment)
    {
        if (rating is < 1 or > 5)
            throw new ArgumentOutOfRangeException(nameof(rating), rating, "A rating is 1 to 5.");
        if (!Categories.Contains(category))
            throw new ArgumentException($"Unknown category '{category}'.", nameof(category));
        if (comment.Length > 2000)
            throw new ArgumentException("A comment has at most 2000 characters.", nameof(comment));
        Rating = rating;
        Category = category;
        Comment = comment;
    }

    public int Rating { get; }
    public string Category { get; }
    public string Comment { get; }
}
