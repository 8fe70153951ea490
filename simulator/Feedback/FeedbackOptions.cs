namespace ChargeMonitor.Simulator.Feedback;

/// <summary>Whether drivers rate their sessions (docs/anomalies-and-feedback.md), and the admin key the server wants in <c>X-API-Key</c>.</summary>
public sealed record FeedbackOptions(string? AdminKey = null);
