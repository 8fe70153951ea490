using System.Data.Common;
using Dapper;
using OcppCentral.Sessions;

namespace OcppCentral.Storage;

/// <summary>
/// When each webhook event is raised (docs/webhooks.md), decided inside the write that stores its cause, so the event is
/// committed with it. Each rule is cheap when no webhook subscribes: it looks that up before anything else.
/// </summary>
public static class WebhookTriggers
{
    /// <summary>handshake.refused: this many refused handshakes of one charger within <see cref="RefusalWindow"/>.</summary>
    public const int RefusalBurst = 5;

    /// <summary>The window of <see cref="RefusalBurst"/>; a charger's burst is reported at most once per window.</summary>
    public static readonly TimeSpan RefusalWindow = TimeSpan.FromMinutes(10);

    /// <summary>feedback.low: a rating of this or lower (ratings are 1 to 5).</summary>
    public const int LowRating = 2;

    /// <summary>anomaly.detected: the anomalies a close found that the session did not carry before (one event per close).</summary>
    internal static void AnomaliesFound(WebhookOutbox? outbox, DbConnection connection, DbTransaction transaction, StoredSession session,
        IReadOnlyList<Anomaly> anomalies, DateTimeOffset at)
    {
        if (outbox is null || anomalies.Count == 0)
            return;
        outbox.Raise(connection, transaction, WebhookEventTypes.AnomalyDetected, session.ChargePointId, at, new
        {
            session.TransactionId, session.ChargePointId, session.ConnectorId,
            anomalies = anomalies.Select(a => new { a.Code, a.Detail }).ToList(),
        });
    }

    /// <summary>connector.faulted: a status change (a new status, errorCode or info) of a connector, or of connector 0, to Faulted.</summary>
    internal static void StatusChanged(WebhookOutbox? outbox, DbConnection connection, DbTransaction transaction, ChargerEvent change,
        string? vendorErrorCode)
    {
        if (outbox is null || change.Status != "Faulted")
            return;
        outbox.Raise(connection, transaction, WebhookEventTypes.ConnectorFaulted, change.ChargePointId, change.At, new
        {
            change.ChargePointId, change.ConnectorId, change.ErrorCode, change.Info, vendorErrorCode,
            reportedAt = change.ReportedAt is { } reported ? WebhookOutbox.Iso(reported) : null,
        });
    }

    /// <summary>
    /// handshake.refused: the refusal just stored makes <see cref="RefusalBurst"/> within <see cref="RefusalWindow"/>, and the
    /// charger's last such event is older than the window.
    /// </summary>
    internal static void Refused(WebhookOutbox? outbox, DbConnection connection, DbTransaction transaction, ChargerEvent refusal)
    {
        if (outbox is null || !WebhookOutbox.HasSubscribers(connection, transaction, WebhookEventTypes.HandshakeRefused))
            return;
        var sinceMs = UnixTime.ToMs(refusal.At - RefusalWindow);
        var recent = connection.QuerySingle<(long Count, long? FirstMs)>(
            $"""
            SELECT COUNT(*), MIN(at) FROM charger_events
            WHERE charge_point_id = @ChargePointId AND kind = '{ChargerEventKinds.HandshakeRefused}' AND at > @sinceMs
            """, new { refusal.ChargePointId, sinceMs }, transaction);
        if (recent.Count < RefusalBurst)
            return;
        var reported = connection.ExecuteScalar<bool>(
            """
            SELECT EXISTS (SELECT 1 FROM webhook_events WHERE charge_point_id = @ChargePointId AND type = @type AND occurred_at > @sinceMs)
            """, new { refusal.ChargePointId, type = WebhookEventTypes.HandshakeRefused, sinceMs }, transaction);
        if (reported)
            return;
        outbox.Raise(connection, transaction, WebhookEventTypes.HandshakeRefused, refusal.ChargePointId, refusal.At, new
        {
            refusal.ChargePointId, refusals = recent.Count, windowMinutes = (int)RefusalWindow.TotalMinutes,
            firstAt = WebhookOutbox.Iso(UnixTime.FromMs(recent.FirstMs ?? UnixTime.ToMs(refusal.At))),
            lastReason = refusal.Reason, refusal.RemoteAddress,
        });
    }

    /// <summary>feedback.low: feedback with a rating of <see cref="LowRating"/> or lower, from the admin API or a receipt.</summary>
    internal static void Feedback(WebhookOutbox? outbox, DbConnection connection, DbTransaction transaction, SessionFeedback feedback)
    {
        if (outbox is null || feedback.Rating > LowRating || !WebhookOutbox.HasSubscribers(connection, transaction, WebhookEventTypes.FeedbackLow))
            return;
        var session = connection.QuerySingle<(string ChargePointId, long ConnectorId)>(
            "SELECT charge_point_id, connector_id FROM sessions WHERE transaction_id = @TransactionId", new { feedback.TransactionId }, transaction);
        outbox.Raise(connection, transaction, WebhookEventTypes.FeedbackLow, session.ChargePointId, feedback.CreatedAt, new
        {
            feedback.TransactionId, session.ChargePointId, connectorId = (int)session.ConnectorId, feedbackId = feedback.Id, feedback.Rating,
            feedback.Category, feedback.Comment,
        });
    }
}
