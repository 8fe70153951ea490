using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OcppCentral.Tests.TestSupport;

/// <summary>
/// Certificates made in the test (ECDSA P-256, quick to make): a CA, server certificates for 127.0.0.1/localhost, and
/// charger client certificates; written to files as the server and the simulator read them (PEM, PKCS#12).
/// </summary>
public static class TestCertificates
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return Reloaded(request.CreateSelfSigned(now.AddDays(-30), now.AddYears(1)));
    }

    /// <summary>A server certificate for localhost and 127.0.0.1, issued by <paramref name="ca"/>.</summary>
    public static X509Certificate2 CreateServer(X509Certificate2 ca)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        return Issue(ca, "CN=localhost", names, ServerAuthentication, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>A charger's client certificate: <paramref name="commonName"/> as subject, and <paramref name="dnsName"/> as SAN when given.</summary>
    public static X509Certificate2 CreateClient(X509Certificate2 ca, string commonName, string? dnsName = null,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        SubjectAlternativeNameBuilder? names = null;
        if (dnsName is not null)
        {
            names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(dnsName);
        }
        return Issue(ca, $"CN={commonName}", names, ClientAuthentication,
            notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(30));
    }

    public static void WritePem(X509Certificate2 certificate, string path) => File.WriteAllText(path, certificate.ExportCertificatePem());

    public static void WritePemKey(X509Certificate2 certificate, string path) =>
        File.WriteAllText(path, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());

    public static void WritePfx(X509Certificate2 certificate, string path, string? password) =>
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, SubjectAlternativeNameBuilder? names, Oid usage,
        DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (names is not null)
            request.CertificateExtensions.Add(names.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(ca, notBefore, notAfter, serial);
        return Reloaded(issued.CopyWithPrivateKey(key));
    }

    /// <summary>Through PKCS#12, as a certificate read from a file is: its key then lives with it on every platform.</summary>
    private static X509Certificate2 Reloaded(X509Certificate2 certificate)
    {
        using (certificate)
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
