namespace OcppCentral.Storage;

/// <summary>A row of <c>id_tags</c>, the authorization list.</summary>
internal sealed class IdTagRow
{
    public string IdTag { get; init; } = "";
    public string Status { get; init; } = "";
    public long? ExpiryDate { get; init; }
    public string? ParentIdTag { get; init; }

    public AuthorizationEntry ToEntry() => new(IdTag, Status, UnixTime.FromMs(ExpiryDate), ParentIdTag);
}
