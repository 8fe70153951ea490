using OcppCentral.Messages;
using OcppCentral.Protocol;

namespace OcppCentral.Handlers;

/// <summary>OCPP 1.6 §4.6 Heartbeat: answer with the server's clock so the charger can keep its own in step.</summary>
public sealed class HeartbeatHandler(TimeProvider time)
{
    public Task<HeartbeatResponse> HandleAsync(OcppRequestContext context, HeartbeatRequest request, CancellationToken ct) =>
        Task.FromResult(new HeartbeatResponse(time.GetUtcNow()));
}
