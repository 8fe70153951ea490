namespace ChargeMonitor.Simulator.Feedback;

/// <summary>What was posted for a session and the HTTP status the server answered (0 when it could not be reached).</summary>
public sealed record FeedbackReport(DriverFeedback Feedback, int StatusCode)
{
    public bool Accepted => StatusCode == 201;
}
