using OcppCentral.Pricing;
using OcppCentral.Sessions;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Sessions;

/// <summary>
/// Builds <see cref="SessionView"/>s: stored figures for closed sessions, a fresh estimate up to now for Active ones. A page
/// of sessions costs a fixed number of queries, however many of them are Active.
/// </summary>
public sealed class SessionRecords(SessionStore sessions, FeedbackStore feedback, TimeProvider time)
{
    public async Task<SessionView?> FindAsync(long transactionId, CancellationToken ct) =>
        await sessions.FindAsync(transactionId, ct) is { } session ? (await ViewsAsync([session], ct))[0] : null;

    public async Task<IReadOnlyList<SessionView>> ListAsync(SessionQuery query, CancellationToken ct) =>
        await ViewsAsync(await sessions.ListAsync(query, ct), ct);

    private async Task<IReadOnlyList<SessionView>> ViewsAsync(IReadOnlyList<StoredSession> page, CancellationToken ct)
    {
        if (page.Count == 0)
            return [];
        var ids = page.Select(s => s.TransactionId).ToArray();
        var anomalies = await sessions.AnomaliesAsync(ids, ct);
        var feedbackOf = await feedback.ListAsync(ids, ct);
        var running = await sessions.RunningAsync(page.Where(s => s.IsActive).Select(s => s.TransactionId).ToArray(), ct);
        var now = time.GetUtcNow();
        return page.Select(session =>
            {
                var found = anomalies[session.TransactionId].ToList();
                var given = feedbackOf[session.TransactionId].ToList();
                return running.TryGetValue(session.TransactionId, out var inputs)
                    ? Estimate(session, inputs, now, found, given)
                    : Stored(session, found, given);
            })
            .ToList();
    }

    private static SessionView Stored(StoredSession s, IReadOnlyList<Anomaly> anomalies, IReadOnlyList<SessionFeedback> feedback) =>
        new(s.TransactionId, s.ChargePointId, s.ConnectorId, s.IdTag, s.StartTime, s.StopTime, s.Status, s.StopReason, s.MeterStartWh,
            s.MeterStopWh, s.EnergyWh / 1000m, s.EnergySource, s.DurationMinutes, s.ChargingMinutes, s.IdleMinutes, s.MaxPowerKw,
            s.AveragePowerKw, s.SocStartPercent, s.SocEndPercent, s.TariffId, s.Cost, Estimated: false, anomalies, feedback, s.Version, s.Corrected, s.TariffVersion,
            ReceiptPath(s.ReceiptToken));

    private static SessionView Estimate(StoredSession s, RunningSession running, DateTimeOffset now, IReadOnlyList<Anomaly> anomalies,
        IReadOnlyList<SessionFeedback> feedback)
    {
        var facts = new SessionFacts(s.StartTime, now < s.StartTime ? s.StartTime : now, s.MeterStartWh, null, running.Samples);
        var (summary, _, cost) = SessionEvaluator.Estimate(facts, running.PinnedTariff);
        return new SessionView(s.TransactionId, s.ChargePointId, s.ConnectorId, s.IdTag, s.StartTime, null, s.Status, null, s.MeterStartWh,
            null, summary.EnergyKwh, summary.EnergySource, summary.DurationMinutes, summary.ChargingMinutes, summary.IdleMinutes,
            summary.MaxPowerKw, summary.AveragePowerKw, summary.SocStartPercent, summary.SocEndPercent, s.TariffId, cost, Estimated: true,
            anomalies, feedback, s.Version, s.Corrected, s.TariffVersion, ReceiptPath(s.ReceiptToken));
    }

    /// <summary>
    /// The receipt's path on this server. A path, not an absolute URL: the record stays the same whatever name or port
    /// the server is reached by, and nothing in it is taken from a request's Host header.
    /// </summary>
    public static string? ReceiptPath(string? token) => token is null ? null : "/receipt/" + token;
}
