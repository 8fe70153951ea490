using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using OcppCentral.Transport;

namespace OcppCentral.Admission;

/// <summary>
/// OCPP security profile 3 (docs/tls.md): a charger's client certificate is accepted when it leads to a root of the
/// <c>--tls-client-ca</c> bundle (read again when the file changes), is valid now, is meant for client
/// authentication (or says nothing of its use), and names the charge point id of the URL as its subject CN or as a DNS
/// name of its subject alternative names. Revocation is not checked (chargers rarely reach a CRL or OCSP responder;
/// remove a charger's certificate by re-issuing the CA or requiring a password as well).
/// </summary>
public sealed class ClientCertificateCheck
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    private readonly ReloadingFiles<CaBundle>? _bundle;
    private readonly TimeProvider _time;

    public ClientCertificateCheck(IOptions<ChargeMonitorOptions> options, TimeProvider time, ILogger<ClientCertificateCheck> logger)
    {
        _time = time;
        if (options.Value.TlsClientCa is { } path)
            _bundle = new ReloadingFiles<CaBundle>("client CA bundle", [path], () => CertificateFiles.LoadCaBundle(path), logger);
    }

    /// <summary>Whether client certificates are asked for at all (<c>--tls-client-ca</c> given).</summary>
    public bool Enabled => _bundle is not null;

    /// <returns>Null when the certificate identifies <paramref name="chargePointId"/>; else why not, to follow "the client certificate …".</returns>
    public string? Problem(X509Certificate2 certificate, string chargePointId)
    {
        var bundle = _bundle?.Current() ?? throw new InvalidOperationException("No client CA bundle is configured.");
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(bundle.Roots);
        policy.ExtraStore.AddRange(bundle.Intermediates);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.VerificationTime = _time.GetUtcNow().UtcDateTime;
        policy.ApplicationPolicy.Add(ClientAuthentication);
        if (!chain.Build(certificate))
            return ChainProblem(certificate, chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status));
        var names = Names(certificate);
        return names.Contains(chargePointId, StringComparer.Ordinal)
            ? null
            : $"names {(names.Count == 0 ? "no one" : string.Join(", ", names))}, not {chargePointId}";
    }

    private static string ChainProblem(X509Certificate2 certificate, X509ChainStatusFlags flags)
    {
        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
            return $"is not issued by a CA of --tls-client-ca (issuer {certificate.Issuer})";
        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
            return $"is not valid now (valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u})";
        if ((flags & X509ChainStatusFlags.NotValidForUsage) != 0)
            return "is not meant for client authentication (its extended key usage)";
        return $"does not verify ({flags})";
    }

    /// <summary>The subject's common name and the DNS names of the subject alternative names.</summary>
    private static List<string> Names(X509Certificate2 certificate)
    {
        var names = new List<string>();
        if (certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) is { Length: > 0 } commonName)
            names.Add(commonName);
        foreach (var extension in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>())
            names.AddRange(extension.EnumerateDnsNames());
        return names.Distinct(StringComparer.Ordinal).ToList();
    }
}
