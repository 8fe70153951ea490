namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §4.4: progress of a diagnostics upload.</summary>
public sealed record DiagnosticsStatusNotificationRequest(string Status);

public sealed record DiagnosticsStatusNotificationResponse;
