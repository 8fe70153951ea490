using System.Globalization;
using ChargeMonitor.Simulator.Charging;
using ChargeMonitor.Simulator.Scenarios;

namespace ChargeMonitor.Simulator.Cli;

/// <summary>One option: its name, its value's name (null for a flag), help text, and how it changes the options.</summary>
public sealed record OptionSpec(string Name, string? Value, string Help, Func<CommandLineOptions, string, CommandLineOptions> Apply);

/// <summary>Every option, once: the parser reads it and --help prints it, so neither can miss one.</summary>
public static class OptionTable
{
    public static IReadOnlyList<OptionSpec> All { get; } =
    [
        new("--url", "URL", "OCPP endpoint without the charger id. Default ws://localhost:8180/ocpp.", (o, v) => o with { Url = ParseUrl(v) }),
        new("--chargers", "N", "Chargers to simulate. Default 1.", (o, v) => o with { Chargers = Int(v, "--chargers", 1, 100_000) }),
        new("--id-prefix", "TEXT", "Charger ids are TEXT0001, TEXT0002 … Default SIM-.", (o, v) => o with { IdPrefix = Prefix(v) }),
        new("--sessions", "N", "Sessions per charger, then exit. Default: until Ctrl-C.", (o, v) => o with { Sessions = Int(v, "--sessions", 1, 1_000_000) }),
        new("--session-seconds", "S", "Real-time length of the charging part of a session; the energy scales with it. Default 60.",
            (o, v) => o with { SessionSeconds = Number(v, "--session-seconds", 0.1, 86_400) }),
        new("--meter-interval", "S", "Seconds between MeterValues. Default 10.", (o, v) => o with { MeterIntervalSeconds = Number(v, "--meter-interval", 0.1, 86_400) }),
        new("--idle-seconds", "S", "How long each car stays parked after charging. Default: drawn per session (0–60 % of the charging time).",
            (o, v) => o with { IdleSeconds = Number(v, "--idle-seconds", 0, 86_400) }),
        new("--charger-kind", "KIND", "ac11, ac22, dc50, dc100 or dc150 for every charger. Default: a mix (about 70 % AC).",
            (o, v) => o with { ChargerKind = Charging.ChargerKind.Find(v) ?? throw new CommandLineException($"--charger-kind: unknown kind '{v}'; use ac11, ac22, dc50, dc100 or dc150.") }),
        new("--seed", "N", "Seed for cars, drivers and meters, for reproducible runs. Default: random (printed).",
            (o, v) => o with { Seed = Int(v, "--seed", int.MinValue, int.MaxValue) }),
        new("--scenario", "NAMES", "Faults to inject, comma-separated: " + string.Join(", ", ScenarioNames.All) + ".",
            (o, v) => o with { Scenarios = ScenarioNames.Parse(v) ?? throw new CommandLineException($"--scenario: unknown scenario in '{v}'; known: {string.Join(", ", ScenarioNames.All)}.") }),
        new("--password", "TEXT", "HTTP Basic auth password (user = charger id) for every charger.", (o, v) => o with { Password = v }),
        new("--ca", "PEM", "Trust the CAs of this PEM file for a wss:// server's certificate, besides the system's.", (o, v) => o with { Ca = v }),
        new("--client-certificate", "FILE", "Present this client certificate on wss:// (OCPP security profile 3): PKCS#12 (.pfx) or PEM.",
            (o, v) => o with { ClientCertificate = v }),
        new("--client-key", "PEM", "The PEM private key of --client-certificate, when not in the same file.", (o, v) => o with { ClientKey = v }),
        new("--client-certificate-password", "TEXT", "Password of the --client-certificate PKCS#12 file or of its encrypted PEM key.",
            (o, v) => o with { ClientCertificatePassword = v }),
        new("--feedback", null, "After each session, POST a driver rating to /api/sessions/{id}/feedback.", (o, _) => o with { Feedback = true }),
        new("--cost-display", null, "A display for price and cost (California Pricing): advertises CustomDisplayCostAndPrice, shows and checks the cost messages.",
            (o, _) => o with { CostDisplay = true }),
        new("--display-language", "CODE", "The display's Language, e.g. en or sv (with --cost-display). Default en.",
            (o, v) => o with { DisplayLanguage = v.Length is > 0 and <= 35 && v.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? v
                : throw new CommandLineException($"--display-language: '{v}' is not a language code such as en or sv.") }),
        new("--admin-key", "KEY", "X-API-Key for the admin API (with --feedback).", (o, v) => o with { AdminKey = v }),
        new("--load", null, "Load mode: every charger holds an open transaction and sends MeterValues; prints throughput and latency.",
            (o, _) => o with { Load = true }),
        new("--seconds", "S", "Load mode: how long to measure, after the warm-up. Default 60.", (o, v) => o with { Seconds = Number(v, "--seconds", 0.1, 86_400) }),
        new("--warmup", "S", "Load mode: how long MeterValues are sent before the measurement starts, not counted; 0 for none. Default 5.",
            (o, v) => o with { Warmup = Number(v, "--warmup", 0, 3600) }),
        new("--rate", "N", "Load mode: MeterValues per second over all chargers. Default: as fast as answered.",
            (o, v) => o with { Rate = Number(v, "--rate", 0.001, 10_000_000) }),
        new("--connect-concurrency", "N", "Load mode: connections opened at once. Default 200.",
            (o, v) => o with { ConnectConcurrency = Int(v, "--connect-concurrency", 1, 10_000) }),
        new("--help", null, "Print this help.", (o, _) => o with { Help = true }),
    ];

    private static Uri ParseUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "ws" or "wss"
            ? url
            : throw new CommandLineException($"--url: '{value}' is not a ws:// or wss:// URL.");

    private static string Prefix(string value) =>
        value.Length <= 40 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? value
            : throw new CommandLineException("--id-prefix: up to 40 letters, digits, '-', '_' or '.'.");

    private static int Int(string value, string name, int min, int max) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new CommandLineException($"{name}: '{value}' is not a whole number from {min} to {max}.");

    private static double Number(string value, string name, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new CommandLineException($"{name}: '{value}' is not a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");
}
