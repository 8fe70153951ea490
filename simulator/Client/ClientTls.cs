using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ChargeMonitor.Simulator.Client;

/// <summary>
/// How a charger speaks TLS on a wss:// URL: which CAs it trusts for the server's certificate besides the system's,
/// and the client certificate it presents (OCPP security profile 3). See docs/simulator.md.
/// </summary>
public sealed record ClientTls
{
    /// <summary>CAs trusted for the server's certificate, besides the system's trust store; null trusts the system's only.</summary>
    public X509Certificate2Collection? TrustedCas { get; init; }

    /// <summary>Presented when the server asks for one; null presents none.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>
    /// Reads the files of the command line: a PEM bundle of CAs, and a client certificate as PKCS#12 (.pfx/.p12) or PEM
    /// (its key in <paramref name="keyPath"/> or in the same file). <paramref name="password"/> opens the PKCS#12 file or
    /// an encrypted PEM key.
    /// </summary>
    /// <exception cref="CryptographicException">A file is not what it should be.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static ClientTls Load(string? caPath, string? certificatePath, string? keyPath, string? password)
    {
        X509Certificate2Collection? cas = null;
        if (caPath is not null)
        {
            cas = [];
            cas.ImportFromPemFile(caPath);
            if (cas.Count == 0)
                throw new CryptographicException($"'{caPath}' holds no PEM certificate");
        }
        X509Certificate2? certificate = null;
        if (certificatePath is not null)
        {
            certificate = IsPem(certificatePath)
                ? password is null
                    ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, keyPath)
                : X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password);
            if (!certificate.HasPrivateKey)
                throw new CryptographicException($"'{certificatePath}' holds no private key for its certificate");
        }
        return new ClientTls { TrustedCas = cas, ClientCertificate = certificate };
    }

    internal void Apply(ClientWebSocketOptions options)
    {
        if (ClientCertificate is not null)
            options.ClientCertificates = [ClientCertificate];
        if (TrustedCas is { } cas)
            options.RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrusted(certificate, errors, cas);
    }

    /// <summary>
    /// Trusted by the system, or else by a chain to one of <paramref name="cas"/> (revocation not checked); the host name
    /// must match either way.
    /// </summary>
    internal static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection cas)
    {
        if (errors == SslPolicyErrors.None)
            return true;
        if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
            return false;
        using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(cas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }

    private static bool IsPem(string path) => File.ReadAllText(path, Encoding.ASCII).Contains("-----BEGIN ", StringComparison.Ordinal);
}
