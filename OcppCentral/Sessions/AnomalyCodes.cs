namespace OcppCentral.Sessions;

/// <summary>The anomaly codes of docs/anomalies-and-feedback.md, spelled as the admin API shows them.</summary>
public static class AnomalyCodes
{
    /// <summary>An energy register reading lower than an earlier one in the session.</summary>
    public const string MeterWentBackwards = nameof(MeterWentBackwards);

    /// <summary>meterStop &lt; meterStart.</summary>
    public const string MeterStopBelowStart = nameof(MeterStopBelowStart);

    /// <summary>meterStop below the highest register reading, or more than 100 Wh from a Transaction.End reading.</summary>
    public const string MeterStopMismatch = nameof(MeterStopMismatch);

    /// <summary>An interval's average power above 350 kW.</summary>
    public const string ImplausiblePower = nameof(ImplausiblePower);

    /// <summary>The stop timestamp is earlier than the start timestamp.</summary>
    public const string StopBeforeStart = nameof(StopBeforeStart);

    /// <summary>A message timestamp more than 5 minutes after the server's clock.</summary>
    public const string TimestampInFuture = nameof(TimestampInFuture);

    /// <summary>Completed with 0 Wh.</summary>
    public const string ZeroEnergy = nameof(ZeroEnergy);

    /// <summary>The charger sent BootNotification while the session was Active.</summary>
    public const string InterruptedByReboot = nameof(InterruptedByReboot);

    /// <summary>A new StartTransaction on the same connector while the session was Active.</summary>
    public const string Superseded = nameof(Superseded);

    /// <summary>No tariff applied; the session has no cost.</summary>
    public const string NoTariff = nameof(NoTariff);

    /// <summary>
    /// Not in docs/anomalies-and-feedback.md: the session's times or readings are beyond anything a charger can mean (it spans more than
    /// 31 days, or its figures overflow), so it is closed without figures or price instead of failing to close.
    /// </summary>
    public const string Unmeasurable = nameof(Unmeasurable);

    /// <summary>
    /// Not in docs/anomalies-and-feedback.md: meter values of the session timestamped before its start or after its stop. They are stored, but
    /// not billed or measured (<see cref="SessionWindow"/>); counting them moved the billed end register.
    /// </summary>
    public const string ReadingOutsideSession = nameof(ReadingOutsideSession);

    /// <summary>The charger was offline while the session ran: a disconnection, a reboot, readings queued and sent late, or a gap in its readings (docs/charger-health.md).</summary>
    public const string ChargerOfflineDuringSession = nameof(ChargerOfflineDuringSession);

    /// <summary>The session's connector (or the whole charger) reported Faulted while the session ran (docs/charger-health.md).</summary>
    public const string FaultDuringSession = nameof(FaultDuringSession);
    /// <summary>
    /// Not in docs/anomalies-and-feedback.md's original list: the session reached the limit of samples one session may hold
    /// (docs/sessions-and-pricing.md); readings past it are kept as orphan messages, not billed or measured.
    /// </summary>
    public const string SampleLimitReached = nameof(SampleLimitReached);

    /// <summary>
    /// A session still Active whose charger has sent nothing for it (no MeterValues, no StartTransaction) for the stale-session
    /// time (docs/corrections.md): its StopTransaction is probably lost. Found by the server's sweep, not at close.
    /// </summary>
    public const string NoStopReceived = nameof(NoStopReceived);
}
