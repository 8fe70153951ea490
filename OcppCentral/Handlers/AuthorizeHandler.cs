using OcppCentral.Messages;
using OcppCentral.Protocol;

namespace OcppCentral.Handlers;

/// <summary>OCPP 1.6 §4.1 Authorize: answer with the idTag's status from the authorization list.</summary>
public sealed class AuthorizeHandler(IdTagAuthorizer authorizer)
{
    public async Task<AuthorizeResponse> HandleAsync(OcppRequestContext context, AuthorizeRequest request, CancellationToken ct) =>
        new(await authorizer.AuthorizeAsync(request.IdTag, ct));
}
