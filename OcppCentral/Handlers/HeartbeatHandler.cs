using OcppCentral.Messages;
using OcppCentral.Protocol;
using OcppCentral.Storage;

namespace OcppCentral.Handlers;

/// <summary>
/// OCPP 1.6 §4.6 Heartbeat: answer with the server's clock so the charger can keep its own in step. The heartbeat
/// also records lastSeen in the database, so it survives a crash of the server (otherwise it is written when the
/// charger disconnects); at the default 300 s interval that is a trickle of writes even for 10,000 chargers.
/// </summary>
public sealed class HeartbeatHandler(ChargePointStore chargers, TimeProvider time)
{
    public async Task<HeartbeatResponse> HandleAsync(OcppRequestContext context, HeartbeatRequest request, CancellationToken ct)
    {
        await chargers.TouchAsync(context.ChargePointId, context.ReceivedAt, ct);
        return new HeartbeatResponse(time.GetUtcNow());
    }
}
