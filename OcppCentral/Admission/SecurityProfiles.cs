namespace OcppCentral.Admission;

/// <summary>
/// The OCPP security profiles a charger can be required to use (docs/tls.md). A connection has the highest one it
/// meets; a charger's requirement is the lowest it must reach.
/// </summary>
public static class SecurityProfiles
{
    /// <summary>Nothing required (a password, when the charger has one, is still checked).</summary>
    public const int None = 0;

    /// <summary>HTTP Basic password, over ws:// or wss://.</summary>
    public const int Password = 1;

    /// <summary>HTTP Basic password over TLS (wss://).</summary>
    public const int TlsPassword = 2;

    /// <summary>TLS with a client certificate that names the charger.</summary>
    public const int ClientCertificate = 3;

    public static string Describe(int profile) => profile switch
    {
        None => "no requirement",
        Password => "HTTP Basic password",
        TlsPassword => "HTTP Basic password over TLS",
        ClientCertificate => "TLS with a client certificate",
        _ => "unknown",
    };
}
