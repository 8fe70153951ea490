using System.Globalization;
using static OcppCentral.Sessions.AnomalyText;

namespace OcppCentral.Sessions;

/// <summary>
/// Finds what is wrong with a session (docs/anomalies-and-feedback.md). Each code appears at most once per check, its detail
/// listing every finding, so a report's anomaly count counts problems, not readings.
/// </summary>
public static class AnomalyDetector
{
    /// <summary>docs/anomalies-and-feedback.md ImplausiblePower: above this interval average no charger delivers.</summary>
    public const decimal MaxPlausiblePowerKw = 350m;

    /// <summary>docs/anomalies-and-feedback.md MeterStopMismatch: how far meterStop may be from a Transaction.End reading.</summary>
    public const decimal MeterStopToleranceWh = 100m;

    /// <summary>docs/anomalies-and-feedback.md TimestampInFuture: how far ahead of the server a charger's clock may run.</summary>
    public static readonly TimeSpan MaxClockAhead = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The checks that need the whole session: MeterWentBackwards, MeterStopBelowStart, MeterStopMismatch,
    /// ImplausiblePower, StopBeforeStart, ZeroEnergy, in docs/anomalies-and-feedback.md's order, then ReadingOutsideSession. All but the last
    /// look only at the samples inside the session (<see cref="SessionWindow"/>), as the figures do.
    /// </summary>
    /// <param name="summary">What <see cref="SessionCalculator.Summarize"/> made of the same facts.</param>
    public static IReadOnlyList<Anomaly> DetectAtClose(SessionFacts facts, SessionSummary summary)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(summary);

        var inside = SessionWindow.Inside(facts);
        var readings = EnergyRegister.Readings(inside.Samples);
        Anomaly?[] found =
        [
            RegisterChecks.WentBackwards(inside, readings),
            RegisterChecks.StopBelowStart(inside, summary, readings),
            RegisterChecks.StopMismatch(inside, summary, readings),
            CloseChecks.ImplausiblePower(inside, readings),
            CloseChecks.StopBeforeStart(inside),
            CloseChecks.ZeroEnergy(inside, summary, readings),
            CloseChecks.ReadingsOutside(facts),
        ];
        return found.OfType<Anomaly>().ToList();
    }

    /// <summary>
    /// ChargerOfflineDuringSession and FaultDuringSession (docs/charger-health.md), from what the server saw of the charger while the
    /// session on <paramref name="connectorId"/> ran.
    /// </summary>
    public static IReadOnlyList<Anomaly> DetectLink(SessionFacts facts, SessionLink link, int connectorId)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(link);
        Anomaly?[] found = [LinkChecks.Offline(facts, link), LinkChecks.Faults(facts, link, connectorId)];
        return found.OfType<Anomaly>().ToList();
    }

    /// <summary>
    /// TimestampInFuture when <paramref name="messageTimestamp"/> is more than 5 minutes after
    /// <paramref name="serverNow"/>; exactly 5 minutes is still tolerated. Checked as messages arrive.
    /// </summary>
    /// <param name="what">The message and field, e.g. "StartTransaction timestamp".</param>
    public static Anomaly? CheckTimestamp(string what, DateTimeOffset messageTimestamp, DateTimeOffset serverNow)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(what);

        var ahead = messageTimestamp - serverNow;
        return ahead <= MaxClockAhead
            ? null
            : new Anomaly(
                AnomalyCodes.TimestampInFuture,
                $"{what} {Utc(messageTimestamp)} is {Minutes(ahead)} ahead of the server's clock ({Utc(serverNow)}); "
                + $"at most {Minutes(MaxClockAhead)} expected. Check the charger's clock (NTP).");
    }

    /// <summary>
    /// InterruptedByReboot: the charger booted while the session was Active, so the session was closed
    /// with stopReason Reboot at <paramref name="closedAt"/>, the last known reading (docs/anomalies-and-feedback.md).
    /// </summary>
    /// <param name="bootReceivedAt">When the BootNotification arrived (server clock: BootNotification carries no timestamp).</param>
    public static Anomaly InterruptedByReboot(DateTimeOffset bootReceivedAt, EnergyReading closedAt)
    {
        ArgumentNullException.ThrowIfNull(closedAt);
        return new Anomaly(
            AnomalyCodes.InterruptedByReboot,
            $"The charger sent BootNotification at {Utc(bootReceivedAt)} while this session was Active and never stopped it; "
            + $"closed with stopReason Reboot at the last known reading, {Wh(closedAt.RegisterWh)} at {Utc(closedAt.Timestamp)}. "
            + "Energy after that reading, if any, is not billed.");
    }

    /// <summary>Superseded: the same connector started another transaction while this one was Active (docs/anomalies-and-feedback.md).</summary>
    public static Anomaly Superseded(long newTransactionId, int connectorId, DateTimeOffset newStartTime) =>
        new(
            AnomalyCodes.Superseded,
            $"Connector {connectorId.ToString(CultureInfo.InvariantCulture)} started transaction "
            + $"{newTransactionId.ToString(CultureInfo.InvariantCulture)} at {Utc(newStartTime)} while this session was still Active; "
            + "the charger never sent this session's StopTransaction.");

    /// <summary>NoStopReceived: an Active session its charger has said nothing about since <paramref name="lastMessageAt"/> (server time).</summary>
    public static Anomaly NoStopReceived(DateTimeOffset lastMessageAt, DateTimeOffset now, TimeSpan staleAfter) =>
        new(
            AnomalyCodes.NoStopReceived,
            $"The session is still Active, but its charger has sent nothing for it since {Utc(lastMessageAt)} (checked at {Utc(now)}, "
            + string.Create(CultureInfo.InvariantCulture, $"stale after {staleAfter.TotalHours:0.##} h): its StopTransaction was probably lost. ")
            + "Close it with a correction of kind close; should the charger's own StopTransaction come later, it measures the session again.");

    /// <summary>NoTariff: the session closed without a price (docs/sessions-and-pricing.md).</summary>
    /// <param name="tariffId">The tariff that was looked for and not found; null when none was assigned.</param>
    public static Anomaly NoTariff(string? tariffId) =>
        new(
            AnomalyCodes.NoTariff,
            (tariffId is null
                ? "No tariff applied: the charger has no tariff assigned and there is no 'default' tariff"
                : $"No tariff applied: tariff '{tariffId}' was not found and there is no 'default' tariff")
            + "; the session has no cost. Assign a tariff to the charger or create the 'default' tariff.");

    /// <summary>
    /// SampleLimitReached: a message would have taken the session past <paramref name="limit"/> samples
    /// (docs/sessions-and-pricing.md); it was answered and kept whole as an orphan message instead.
    /// </summary>
    /// <param name="what">The message: "MeterValues" or "StopTransaction".</param>
    public static Anomaly SampleLimitReached(string what, int limit, int held, int sent, DateTimeOffset receivedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(what);
        var invariant = CultureInfo.InvariantCulture;
        return new Anomaly(
            AnomalyCodes.SampleLimitReached,
            string.Create(invariant, $"The session holds {held:N0} meter values, and a {what} received at {Utc(receivedAt)} ")
            + string.Create(invariant, $"with {sent:N0} more would take it past the limit of {limit:N0} per session. That message and ")
            + "every later one past the limit were answered and kept whole as orphan messages; their readings are not billed or "
            + "measured (meterStop still bills the whole session). Check why the charger samples so often or never stops.");
    }
}
