namespace OcppCentral.Storage;

/// <summary>The event types a webhook may subscribe to (docs/webhooks.md); each body's <c>type</c> is one of them.</summary>
public static class WebhookEventTypes
{
    public const string AnomalyDetected = "anomaly.detected";
    public const string ChargerOffline = "charger.offline";
    public const string ConnectorFaulted = "connector.faulted";
    public const string HandshakeRefused = "handshake.refused";
    public const string FeedbackLow = "feedback.low";

    public static readonly IReadOnlyList<string> All = [AnomalyDetected, ChargerOffline, ConnectorFaulted, HandshakeRefused, FeedbackLow];
}
