namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §4.2: sent after every (re)boot; the answer carries the heartbeat interval and the server's clock.</summary>
public sealed record BootNotificationRequest(
    string ChargePointVendor,
    string ChargePointModel,
    string? ChargePointSerialNumber = null,
    string? ChargeBoxSerialNumber = null,
    string? FirmwareVersion = null,
    string? Iccid = null,
    string? Imsi = null,
    string? MeterType = null,
    string? MeterSerialNumber = null);

public sealed record BootNotificationResponse(RegistrationStatus Status, DateTimeOffset CurrentTime, int Interval);
