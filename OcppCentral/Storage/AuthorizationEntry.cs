namespace OcppCentral.Storage;

/// <summary>An entry of the authorization list: an idTag exactly as given, its status, when it expires, its parent.</summary>
public sealed record AuthorizationEntry(string IdTag, string Status, DateTimeOffset? ExpiryDate, string? ParentIdTag);
