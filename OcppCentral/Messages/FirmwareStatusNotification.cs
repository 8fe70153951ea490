namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §4.5: progress of a firmware update.</summary>
public sealed record FirmwareStatusNotificationRequest(string Status);

public sealed record FirmwareStatusNotificationResponse;
