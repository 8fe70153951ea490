using OcppCentral.CostDisplay;
using OcppCentral.Messages;
using OcppCentral.Protocol;

namespace OcppCentral.Handlers;

/// <summary>
/// OCPP 1.6 §4.1 Authorize: answer with the idTag's status from the authorization list; an accepted driver then sees
/// their price on the charger's display (docs/charger-display.md).
/// </summary>
public sealed class AuthorizeHandler(IdTagAuthorizer authorizer, CostDisplayService costDisplay)
{
    public async Task<AuthorizeResponse> HandleAsync(OcppRequestContext context, AuthorizeRequest request, CancellationToken ct)
    {
        var info = await authorizer.AuthorizeAsync(request.IdTag, ct);
        costDisplay.AfterAuthorize(context, request.IdTag, info.Status);
        return new AuthorizeResponse(info);
    }
}
