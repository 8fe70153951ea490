namespace OcppCentral.Sessions;

/// <summary>
/// What is known about one session, as input to <see cref="SessionCalculator"/> and <see cref="AnomalyDetector"/>.
/// </summary>
/// <param name="StopTime">The stop timestamp; for an Active session's estimate, the server's now.</param>
/// <param name="MeterStopWh">StopTransaction's meterStop; null while the session is Active.</param>
/// <param name="Samples">Every stored sample of the session, in any order.</param>
public sealed record SessionFacts(
    DateTimeOffset StartTime,
    DateTimeOffset StopTime,
    decimal MeterStartWh,
    decimal? MeterStopWh,
    IReadOnlyList<MeterSample> Samples)
{
    // Stop before start and odd meter values are facts to flag (docs/anomalies-and-feedback.md), not to refuse: only a missing list is invalid.
    public IReadOnlyList<MeterSample> Samples { get; init => field = Guard.NotNull(value, nameof(Samples)); } =
        Guard.NotNull(Samples, nameof(Samples));
}
