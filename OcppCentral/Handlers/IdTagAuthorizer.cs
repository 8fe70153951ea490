using Microsoft.Extensions.Options;
using OcppCentral.Messages;
using OcppCentral.Storage;

namespace OcppCentral.Handlers;

/// <summary>
/// The verdict on an idTag (OCPP 1.6 §7.22) from the authorization list: its status, Expired once its expiry
/// date has passed, and for a tag not in the list Accepted or Invalid per <c>accept-unknown-idtags</c>.
/// </summary>
public sealed class IdTagAuthorizer(IdTagStore idTags, IOptions<ChargeMonitorOptions> options, TimeProvider time)
{
    public async Task<IdTagInfo> AuthorizeAsync(string idTag, CancellationToken ct)
    {
        var entry = await idTags.FindAsync(idTag, ct);
        if (entry is null)
            return new IdTagInfo(options.Value.AcceptUnknownIdTags ? AuthorizationStatus.Accepted : AuthorizationStatus.Invalid);

        var status = Enum.Parse<AuthorizationStatus>(entry.Status);
        if (status == AuthorizationStatus.Accepted && entry.ExpiryDate is { } expires && expires <= time.GetUtcNow())
            status = AuthorizationStatus.Expired;
        return new IdTagInfo(status, entry.ExpiryDate, entry.ParentIdTag);
    }
}
