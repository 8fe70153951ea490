using Microsoft.AspNetCore.Server.Kestrel;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace OcppCentral.Transport;

/// <summary>
/// Puts <see cref="OcppUpgradeMiddleware"/> on every listener, after its TLS. Kestrel adds TLS to a listener of an https
/// URL only after the defaults of every endpoint are applied, so a connection middleware set there would see encrypted
/// bytes. A named endpoint (<c>Kestrel:Endpoints:NAME</c>) can be given its TLS and its middleware in order, so the URLs
/// of <c>--urls</c> become such endpoints, named <c>Url0</c>, <c>Url1</c>, … (unless <c>Kestrel:Endpoints</c> is set, which
/// Kestrel lets win over <c>--urls</c> anyway). Kestrel reads their addresses as it reads <c>--urls</c>.
/// </summary>
public static class ChargerListeners
{
    private const string Endpoints = "Kestrel:Endpoints";

    public static WebApplicationBuilder AddChargerListeners(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var endpoints = configuration.GetSection(Endpoints);
        if (!endpoints.GetChildren().Any())
        {
            var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < urls.Length; i++)
                configuration[$"{Endpoints}:Url{i}:Url"] = urls[i];
        }
        // Left set beside the endpoints, it would only make Kestrel warn that the endpoints override it.
        configuration["urls"] = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Kestrel's loader reads endpoints and certificates only: its limits (docs/operations.md) are bound here.
            configuration.GetSection("Kestrel:Limits").Bind(kestrel.Limits);
            var loader = kestrel.ConfigurationLoader ?? kestrel.Configure(configuration.GetSection("Kestrel"), reloadOnChange: true);
            foreach (var endpoint in endpoints.GetChildren())
                loader.Endpoint(endpoint.Key, e => AddOcppUpgrade(e, kestrel));
        });
        return builder;
    }

    /// <summary>
    /// The command line without <c>--urls</c>, for the web host's own settings: it falls back to the URLs it read at its
    /// start when the configuration's are gone, and would bind them beside the endpoints. The configuration still gets
    /// <c>--urls</c> (OcppCentralServices adds the whole command line), and <see cref="AddChargerListeners"/> turns it into endpoints.
    /// </summary>
    public static string[] WithoutUrls(string[] args)
    {
        var kept = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i].TrimStart('-', '/');
            if (name.Equals("urls", StringComparison.OrdinalIgnoreCase) && args[i] != name)
                i++;
            else if (!name.StartsWith("urls=", StringComparison.OrdinalIgnoreCase))
                kept.Add(args[i]);
        }
        return kept.ToArray();
    }

    /// <summary>The URLs listened on as configured (for messages before anything is bound).</summary>
    public static string Describe(IConfiguration configuration) =>
        string.Join(";", configuration.GetSection(Endpoints).GetChildren().Select(e => e["Url"]).Where(url => url is not null));

    private static void AddOcppUpgrade(EndpointConfiguration endpoint, KestrelServerOptions kestrel)
    {
        var listen = endpoint.ListenOptions;
        if (endpoint.IsHttps)
        {
            // Without a certificate Kestrel refuses the endpoint itself, with its own message (docs/tls.md). With certificates
            // chosen by server name, Kestrel sets the TLS up itself, and chargers there are upgraded by the HTTP pipeline.
            var https = endpoint.HttpsOptions;
            if (https.ServerCertificate is null && https.ServerCertificateSelector is null || endpoint.ConfigSection.GetSection("Sni").GetChildren().Any())
                return;
            listen.UseHttps(https);
        }
        listen.Use(next => new OcppUpgradeMiddleware(next, kestrel.ApplicationServices.GetRequiredService<OcppHandshake>(), kestrel.Limits).OnConnectionAsync);
    }
}
