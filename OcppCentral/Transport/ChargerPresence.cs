namespace OcppCentral.Transport;

/// <summary>
/// <c>lastSeen</c> of chargers: in memory while connected (newer than what is stored), stored when they leave
/// (<c>ChargerAdmission.DepartedAsync</c>).
/// </summary>
public sealed class ChargerPresence(ChargerRegistry registry)
{
    public DateTimeOffset? LastSeen(string chargePointId, DateTimeOffset? stored)
    {
        if (!registry.TryGet(chargePointId, out var connection))
            return stored;
        return stored is { } s && s > connection.LastSeen ? s : connection.LastSeen;
    }
}
