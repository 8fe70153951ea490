using OcppCentral.Storage;

namespace OcppCentral.Transport;

/// <summary>Keeps <c>lastSeen</c> of chargers: in memory while connected, persisted when they leave.</summary>
public sealed class ChargerPresence(ChargerRegistry registry, ChargePointStore chargers, ILogger<ChargerPresence> logger)
{
    public DateTimeOffset? LastSeen(string chargePointId, long? storedMs)
    {
        var stored = storedMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        if (!registry.TryGet(chargePointId, out var connection))
            return stored;
        return stored is { } s && s > connection.LastSeen ? s : connection.LastSeen;
    }

    public async Task DisconnectedAsync(ChargerConnection connection)
    {
        try
        {
            await chargers.TouchAsync(connection.ChargePointId, connection.LastSeen.ToUnixTimeMilliseconds(), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "Could not record lastSeen of {ChargePointId}", connection.ChargePointId);
        }
    }
}
