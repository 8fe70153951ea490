using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OcppCentral.Storage;

namespace OcppCentral.Admission;

/// <summary>
/// What the transport asks of the charger records, at both ends of a connection. On arrival: whether a WebSocket
/// upgrade for a charge point id may proceed (docs/ocpp-endpoint.md, docs/tls.md): a client certificate, when one came,
/// must identify the charger (security profile 3); a registered charger with a password must present HTTP Basic
/// credentials (profile 1, or 2 over TLS) unless its certificate identified it; the connection must reach the security
/// profile the charger is required to use; an unknown one is refused when unknown chargers are not accepted; without
/// TLS nobody is let in when plain ws:// is switched off. Verified passwords are remembered as a SHA-256 digest so a
/// reconnect storm does not recompute PBKDF2 for every charger. On departure: when the charger was last seen. Both
/// ends, and every refused handshake, go to the charger's history (docs/charger-health.md) without being waited for.
/// </summary>
public sealed class ChargerAdmission(ChargePointStore chargers, ChargerEventStore events, ClientCertificateCheck certificates,
    IOptions<ChargeMonitorOptions> options, TimeProvider time, ILogger<ChargerAdmission> logger)
{
    private readonly ConcurrentDictionary<string, (string StoredHash, byte[] Digest)> _verified = new(StringComparer.Ordinal);

    public async Task<(int StatusCode, string? Problem)> CheckAsync(string chargePointId, string? authorizationHeader, ConnectionSecurity security,
        string? remoteAddress,
        CancellationToken ct)
    {
        if (!security.IsTls && !options.Value.PlainWs)
        {
            logger.LogWarning("Refused {ChargePointId}: plain ws:// is switched off (--plain-ws false)", chargePointId);
            Refused(chargePointId, "TlsRequired", remoteAddress);
            return (StatusCodes.Status403Forbidden, "This central system accepts chargers over TLS only; connect with wss://.");
        }
        // Without a CA bundle no certificate is asked for; one that came anyway (Kestrel settings of its own) proves nothing here.
        var certified = false;
        if (security.ClientCertificate is { } certificate && certificates.Enabled)
        {
            if (certificates.Problem(certificate, chargePointId) is { } certificateProblem)
            {
                logger.LogWarning("Refused {ChargePointId}: the client certificate {Reason}", chargePointId, certificateProblem);
                Refused(chargePointId, "ClientCertificateRejected", remoteAddress);
                return (StatusCodes.Status403Forbidden, $"The client certificate {certificateProblem}.");
            }
            certified = true;
        }

        var charger = await chargers.FindAsync(chargePointId, ct).ConfigureAwait(false);
        if (charger is null)
        {
            if (options.Value.AcceptUnknownChargers)
                return (StatusCodes.Status101SwitchingProtocols, null);
            Refused(chargePointId, "UnknownCharger", remoteAddress);
            return (StatusCodes.Status404NotFound, $"Charge point '{chargePointId}' is not registered.");
        }

        // Profile 3 needs no password; credentials sent beside a certificate must still be right.
        var passwordChecked = false;
        if (charger.PasswordHash is not null && (!certified || authorizationHeader is not null))
        {
            var password = ReadBasicPassword(chargePointId, authorizationHeader);
            if (password is null || !Verify(chargePointId, password, charger.PasswordHash))
            {
                logger.LogWarning("Charge point {ChargePointId} failed HTTP Basic authentication ({Reason})",
                    chargePointId, password is null ? "no or malformed credentials" : "wrong password");
                Refused(chargePointId, password is null ? "NoCredentials" : "WrongPassword", remoteAddress);
                return (StatusCodes.Status401Unauthorized, "Valid HTTP Basic credentials are required for this charge point.");
            }
            passwordChecked = true;
        }

        var profile = certified ? 3 : passwordChecked ? (security.IsTls ? 2 : 1) : 0;
        if (profile < charger.SecurityProfile)
        {
            logger.LogWarning("Refused {ChargePointId}: security profile {Required} is required, the connection has profile {Profile} ({Connection})",
                chargePointId, charger.SecurityProfile, profile, Describe(security, passwordChecked));
            Refused(chargePointId, "SecurityProfileTooLow", remoteAddress);
            return (StatusCodes.Status403Forbidden,
                $"This charge point must connect with OCPP security profile {charger.SecurityProfile} ({SecurityProfiles.Describe(charger.SecurityProfile)}).");
        }
        return (StatusCodes.Status101SwitchingProtocols, null);
    }

    private static string Describe(ConnectionSecurity security, bool passwordChecked) =>
        (security.IsTls ? "TLS" : "no TLS") + (passwordChecked ? ", password" : ", no password") +
        (security.ClientCertificate is null ? ", no client certificate" : ", a client certificate");

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
