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
/// reconnect storm does not recompute PBKDF2 for every charger. On departure: when the charger was last seen.
/// </summary>
public sealed class ChargerAdmission(ChargePointStore chargers, ClientCertificateCheck certificates, IOptions<ChargeMonitorOptions> options,
    ILogger<ChargerAdmission> logger)
{
    private readonly ConcurrentDictionary<string, (string StoredHash, byte[] Digest)> _verified = new(StringComparer.Ordinal);

    public async Task<(int StatusCode, string? Problem)> CheckAsync(string chargePointId, string? authorizationHeader, ConnectionSecurity security,
        CancellationToken ct)
    {
        if (!security.IsTls && !options.Value.PlainWs)
        {
            logger.LogWarning("Refused {ChargePointId}: plain ws:// is switched off (--plain-ws false)", chargePointId);
            return (StatusCodes.Status403Forbidden, "This central system accepts chargers over TLS only; connect with wss://.");
        }
        // Without a CA bundle no certificate is asked for; one that came anyway (Kestrel settings of its own) proves nothing here.
        var certified = false;
        if (security.ClientCertificate is { } certificate && certificates.Enabled)
        {
            if (certificates.Problem(certificate, chargePointId) is { } certificateProblem)
            {
                logger.LogWarning("Refused {ChargePointId}: the client certificate {Reason}", chargePointId, certificateProblem);
                return (StatusCodes.Status403Forbidden, $"The client certificate {certificateProblem}.");
            }
            certified = true;
        }

        var charger = await chargers.FindAsync(chargePointId, ct).ConfigureAwait(false);
        if (charger is null)
        {
            return options.Value.AcceptUnknownChargers
                ? (StatusCodes.Status101SwitchingProtocols, null)
                : (StatusCodes.Status404NotFound, $"Charge point '{chargePointId}' is not registered.");
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
                return (StatusCodes.Status401Unauthorized, "Valid HTTP Basic credentials are required for this charge point.");
            }
            passwordChecked = true;
        }

        var profile = certified ? 3 : passwordChecked ? (security.IsTls ? 2 : 1) : 0;
        if (profile < charger.SecurityProfile)
        {
            logger.LogWarning("Refused {ChargePointId}: security profile {Required} is required, the connection has profile {Profile} ({Connection})",
                chargePointId, charger.SecurityProfile, profile, Describe(security, passwordChecked));
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

    /// <summary>A connection ended: its lastSeen is kept (while connected it lives in memory only). Never throws.</summary>
    public async Task DepartedAsync(string chargePointId, DateTimeOffset lastSeen)
    {
        try
        {
            await chargers.TouchAsync(chargePointId, lastSeen, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "Could not record lastSeen of {ChargePointId}", chargePointId);
        }
    }

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
