using ChargeMonitor.Simulator.Charging;
using ChargeMonitor.Simulator.Scenarios;

namespace ChargeMonitor.Simulator.Cli;

/// <summary>What the command line asked for; defaults are the program's defaults (see <see cref="OptionTable"/>).</summary>
public sealed record CommandLineOptions
{
    public static readonly Uri DefaultUrl = new("ws://localhost:8180/ocpp");

    public Uri Url { get; init; } = DefaultUrl;
    public int Chargers { get; init; } = 1;
    public string IdPrefix { get; init; } = "SIM-";
    public int? Sessions { get; init; }
    public double SessionSeconds { get; init; } = 60;
    public double MeterIntervalSeconds { get; init; } = 10;
    public double? IdleSeconds { get; init; }
    public ChargerKind? ChargerKind { get; init; }
    public int? Seed { get; init; }
    public Scenario Scenarios { get; init; } = Scenario.None;
    public string? Password { get; init; }
    public string? Ca { get; init; }
    public string? ClientCertificate { get; init; }
    public string? ClientKey { get; init; }
    public string? ClientCertificatePassword { get; init; }
    public bool Feedback { get; init; }
    public bool CostDisplay { get; init; }
    public string DisplayLanguage { get; init; } = "en";
    public string? AdminKey { get; init; }
    public bool Load { get; init; }
    public double Seconds { get; init; } = 60;
    public double Warmup { get; init; } = 5;
    public double? Rate { get; init; }
    public int ConnectConcurrency { get; init; } = 200;
    public bool Help { get; init; }

    /// <summary>The TLS files read (by <see cref="SimulatorApp"/>, not the parser); null without --ca or --client-certificate.</summary>
    public Client.ClientTls? Tls { get; init; }

    /// <summary>Options given on the command line, for the combinations check.</summary>
    public IReadOnlySet<string> Given { get; init; } = new HashSet<string>();
}
