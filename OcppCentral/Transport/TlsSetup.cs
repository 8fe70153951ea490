using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace OcppCentral.Transport;

/// <summary>
/// wss:// for chargers (docs/tls.md): every https endpoint of Kestrel (an https URL in <c>--urls</c>, or
/// <c>Kestrel:Endpoints</c>) speaks TLS 1.2 or 1.3 only, serves the certificate of <c>--tls-certificate</c> (read
/// again when the file changes) and, with <c>--tls-client-ca</c>, asks for a client certificate, which the OCPP
/// handshake checks (ChargerAdmission, security profile 3).
/// </summary>
public static class TlsSetup
{
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    public static WebApplicationBuilder AddChargerTls(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<ChargeMonitorOptions>>(new TlsSettingsValidation(builder.Configuration));
        builder.Services.AddSingleton<ServerCertificateSource>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            var services = kestrel.ApplicationServices;
            var options = services.GetRequiredService<IOptions<ChargeMonitorOptions>>().Value;
            https.SslProtocols = Protocols;
            if (options.TlsCertificate is not null)
            {
                var source = services.GetRequiredService<ServerCertificateSource>();
                // Read now, as the endpoint starts, so the first charger's handshake does not wait for the file.
                source.Current();
                https.ServerCertificateSelector = (_, _) => source.Current();
            }
            if (options.TlsClientCa is not null)
            {
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                // Every certificate passes the TLS handshake: the OCPP handshake checks it against the CA bundle and the
                // charger id in the URL (unknown here) and refuses it with 403 and the reason in the log.
                https.ClientCertificateValidation = (_, _, _) => true;
            }
        }));
        return builder;
    }

    /// <summary>The TLS settings make sense together and their files can be read: checked at start, before anything listens.</summary>
    private sealed class TlsSettingsValidation(IConfiguration configuration) : IValidateOptions<ChargeMonitorOptions>
    {
        public ValidateOptionsResult Validate(string? name, ChargeMonitorOptions options) =>
            Problem(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;

        private string? Problem(ChargeMonitorOptions options)
        {
            if (options.TlsCertificate is null)
            {
                return options.TlsKey is not null || options.TlsPassword is not null
                    ? "--tls-key and --tls-password belong to --tls-certificate, which is not given"
                    : ClientCaProblem(options);
            }
            if (HasKestrelCertificate())
                return "--tls-certificate and the Kestrel certificate settings (Kestrel:Certificates, Kestrel:Endpoints:…:Certificate) " +
                       "are given together; use one of them";
            try
            {
                CertificateFiles.LoadServerCertificate(options.TlsCertificate, options.TlsKey, options.TlsPassword).Dispose();
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                return $"--tls-certificate: cannot read a certificate with its key from '{options.TlsCertificate}'" +
                       (options.TlsKey is null ? "" : $" and '{options.TlsKey}'") + $": {ex.Message}";
            }
            return ClientCaProblem(options);
        }

        private static string? ClientCaProblem(ChargeMonitorOptions options)
        {
            if (options.TlsClientCa is null)
                return null;
            try
            {
                CertificateFiles.LoadCaBundle(options.TlsClientCa);
                return null;
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                return $"--tls-client-ca: cannot read a PEM CA bundle from '{options.TlsClientCa}': {ex.Message}";
            }
        }

        private bool HasKestrelCertificate()
        {
            var kestrel = configuration.GetSection("Kestrel");
            return kestrel.GetSection("Certificates").GetChildren().Any(c => c.GetChildren().Any())
                   || kestrel.GetSection("Endpoints").GetChildren().Any(endpoint => endpoint.GetSection("Certificate").GetChildren().Any());
        }
    }
}

/// <summary>The certificate of <c>--tls-certificate</c> for each TLS handshake, read again when its file (or key file) changes.</summary>
public sealed class ServerCertificateSource
{
    private readonly ReloadingFiles<X509Certificate2>? _files;

    public ServerCertificateSource(IOptions<ChargeMonitorOptions> options, ILogger<ServerCertificateSource> logger)
    {
        var o = options.Value;
        if (o.TlsCertificate is not { } path)
            return;
        string[] paths = o.TlsKey is { } key ? [path, key] : [path];
        // A replaced certificate is not disposed: a handshake may still be using it.
        _files = new ReloadingFiles<X509Certificate2>("server certificate", paths,
            () => CertificateFiles.LoadServerCertificate(path, o.TlsKey, o.TlsPassword), logger);
    }

    public X509Certificate2? Current() => _files?.Current();
}
