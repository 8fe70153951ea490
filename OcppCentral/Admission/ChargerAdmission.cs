using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OcppCentral.Storage;

namespace OcppCentral.Admission;

/// <summary>
/// What the transport asks of the charger records, at both ends of a connection. On arrival: whether a WebSocket
/// upgrade for a charge point id may proceed (docs/ocpp-endpoint.md): a registered charger with a password must present HTTP Basic
/// credentials (OCPP security profile 1), an unknown one is refused when unknown chargers are not accepted. Verified
/// passwords are remembered as a SHA-256 digest so a reconnect storm does not recompute PBKDF2 for every charger.
/// On departure: when the charger was last seen. Both ends, and every refused handshake, go to the charger's history
/// (docs/charger-health.md) without being waited for.
/// </summary>
public sealed class ChargerAdmission(ChargePointStore chargers, ChargerEventStore events, IOptions<ChargeMonitorOptions> options,
    TimeProvider time, ILogger<ChargerAdmission> logger)
{
    private readonly ConcurrentDictionary<string, (string StoredHash, byte[] Digest)> _verified = new(StringComparer.Ordinal);

    public async Task<(int StatusCode, string? Problem)> CheckAsync(string chargePointId, string? authorizationHeader, string? remoteAddress,
        CancellationToken ct)
    {
        var charger = await chargers.FindAsync(chargePointId, ct).ConfigureAwait(false);
        if (charger is null)
        {
            if (options.Value.AcceptUnknownChargers)
                return (StatusCodes.Status101SwitchingProtocols, null);
            Refused(chargePointId, "UnknownCharger", remoteAddress);
            return (StatusCodes.Status404NotFound, $"Charge point '{chargePointId}' is not registered.");
        }
        if (charger.PasswordHash is null)
            return (StatusCodes.Status101SwitchingProtocols, null);

        var password = ReadBasicPassword(chargePointId, authorizationHeader);
        if (password is null || !Verify(chargePointId, password, charger.PasswordHash))
        {
            logger.LogWarning("Charge point {ChargePointId} failed HTTP Basic authentication ({Reason})",
                chargePointId, password is null ? "no or malformed credentials" : "wrong password");
            Refused(chargePointId, password is null ? "NoCredentials" : "WrongPassword", remoteAddress);
            return (StatusCodes.Status401Unauthorized, "Valid HTTP Basic credentials are required for this charge point.");
        }
        return (StatusCodes.Status101SwitchingProtocols, null);
    }

    /// <summary>The charger's password changed: the next connection verifies it anew.</summary>
    public void Forget(string chargePointId) => _verified.TryRemove(chargePointId, out _);

    /// <summary>A connection was accepted.</summary>
    public void Arrived(string chargePointId, string? remoteAddress) =>
        events.Enqueue(ChargerEvent.New(chargePointId, time.GetUtcNow(), ChargerEventKinds.Connected) with { RemoteAddress = remoteAddress });

    /// <summary>
    /// A connection ended: its lastSeen is kept (while connected it lives in memory only), and why it ended goes to the
    /// charger's history. Never throws.
    /// </summary>
    public async Task DepartedAsync(string chargePointId, DateTimeOffset lastSeen, string reason, int? closeCode)
    {
        var now = time.GetUtcNow();
        var disconnected = ChargerEvent.New(chargePointId, now, ChargerEventKinds.Disconnected) with { Reason = reason, CloseCode = closeCode };
        events.Enqueue(reason == ChargerEventKinds.KeepAliveTimeout
            ? [ChargerEvent.New(chargePointId, now, ChargerEventKinds.KeepAliveTimeout) with { Info = $"last seen {lastSeen:O}" }, disconnected]
            : [disconnected]);
        try
        {
            await chargers.TouchAsync(chargePointId, lastSeen, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "Could not record lastSeen of {ChargePointId}", chargePointId);
        }
    }

    /// <summary>A refused handshake, with why and from where; never the password.</summary>
    private void Refused(string chargePointId, string reason, string? remoteAddress) =>
        events.Enqueue(ChargerEvent.New(chargePointId, time.GetUtcNow(), ChargerEventKinds.HandshakeRefused) with
        {
            Reason = reason, RemoteAddress = remoteAddress,
        });

    private bool Verify(string chargePointId, string password, string storedHash)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        if (_verified.TryGetValue(chargePointId, out var known) && known.StoredHash == storedHash)
            return CryptographicOperations.FixedTimeEquals(known.Digest, digest);
        if (!PasswordHash.Verify(password, storedHash))
            return false;
        _verified[chargePointId] = (storedHash, digest);
        return true;
    }

    /// <summary>The password, when the header is Basic credentials whose username is the charge point id.</summary>
    private static string? ReadBasicPassword(string chargePointId, string? header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value) ||
            !string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || value.Parameter is null)
            return null;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
        }
        catch (FormatException)
        {
            return null;
        }
        var colon = decoded.IndexOf(':');
        return colon > 0 && decoded.AsSpan(0, colon).SequenceEqual(chargePointId) ? decoded[(colon + 1)..] : null;
    }
}
