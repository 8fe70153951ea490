using OcppCentral.Ledger;
using OcppCentral.Pricing;
using OcppCentral.Sessions;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Sessions;

/// <summary>
/// Builds <see cref="SessionView"/>s: stored figures for closed sessions, the estimate up to now for Active ones, from
/// their running estimate (<see cref="RunningEstimates"/>), which does not read their samples. A page of sessions costs a
/// fixed number of queries, however many of them are Active.
/// </summary>
public sealed class SessionRecords(SessionStore sessions, FeedbackStore feedback, RunningEstimates estimates, TimeProvider time)
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
        var now = time.GetUtcNow();
        var views = new List<SessionView>(page.Count);
        foreach (var session in page)
        {
            var found = anomalies[session.TransactionId].ToList();
            var given = feedbackOf[session.TransactionId].ToList();
            views.Add(session.IsActive && await estimates.EstimateAsync(session, now, ct) is { } estimate
                ? Estimate(session, estimate, found, given)
                : Stored(session, found, given));
        }
        return views;
    }

    private static SessionView Stored(StoredSession s, IReadOnlyList<Anomaly> anomalies, IReadOnlyList<SessionFeedback> feedback) =>
        new(s.TransactionId, s.ChargePointId, s.ConnectorId, s.IdTag, s.StartTime, s.StopTime, s.Status, s.StopReason, s.MeterStartWh,
            s.MeterStopWh, s.EnergyWh / 1000m, s.EnergySource, s.DurationMinutes, s.ChargingMinutes, s.IdleMinutes, s.MaxPowerKw,
            s.AveragePowerKw, s.SocStartPercent, s.SocEndPercent, s.TariffId, s.Cost, Estimated: false, anomalies, feedback, s.Version, s.Corrected, s.TariffVersion,
            ReceiptPath(s.ReceiptToken));

    private static SessionView Estimate(StoredSession s, SessionEvaluation estimate, IReadOnlyList<Anomaly> anomalies,
        IReadOnlyList<SessionFeedback> feedback)
    {
        var (summary, _, cost) = estimate;
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
