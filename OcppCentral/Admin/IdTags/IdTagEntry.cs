namespace OcppCentral.Admin.IdTags;

/// <summary>Body of PUT /api/idtags/{idTag}: an entry of the authorization list (docs/admin-api.md) without its idTag, which is in the path.</summary>
public sealed record IdTagEntry(string? Status, DateTimeOffset? ExpiryDate, string? ParentIdTag);
