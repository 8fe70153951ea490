namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §7.22 IdTagInfo: the central system's verdict on an idTag.</summary>
public sealed record IdTagInfo(AuthorizationStatus Status, DateTimeOffset? ExpiryDate = null, string? ParentIdTag = null);
