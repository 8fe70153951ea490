namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §5.17: ask the charger to send a message now (BootNotification, Heartbeat, MeterValues, StatusNotification …).</summary>
public sealed record TriggerMessageRequest(string RequestedMessage, int? ConnectorId = null);

public sealed record TriggerMessageResponse(string Status);
