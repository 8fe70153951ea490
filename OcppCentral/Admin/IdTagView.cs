namespace OcppCentral.Admin;

/// <summary>An entry of the authorization list (SPEC 8): GET answers it, PUT takes it (without idTag, which is in the path).</summary>
public sealed record IdTagView(string IdTag, string Status, DateTimeOffset? ExpiryDate, string? ParentIdTag);

/// <summary>Body of PUT /api/idtags/{idTag}.</summary>
public sealed record IdTagEntry(string? Status, DateTimeOffset? ExpiryDate, string? ParentIdTag);
