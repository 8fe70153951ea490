namespace OcppCentral.Admin.Feedback;

/// <summary>What a driver's feedback is about (docs/anomalies-and-feedback.md), spelled as the API takes and shows it.</summary>
public static class FeedbackCategories
{
    public const string Signage = nameof(Signage);
    public const string ChargingSpeed = nameof(ChargingSpeed);
    public const string Reliability = nameof(Reliability);
    public const string Payment = nameof(Payment);
    public const string Support = nameof(Support);
    public const string Other = nameof(Other);

    /// <summary>Every category, in the order reports list them.</summary>
    public static readonly IReadOnlyList<string> All = [Signage, ChargingSpeed, Reliability, Payment, Support, Other];
}
