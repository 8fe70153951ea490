using System.Security.Cryptography;
using ChargeMonitor.Simulator.Chargers;
using ChargeMonitor.Simulator.Client;
using ChargeMonitor.Simulator.Feedback;
using ChargeMonitor.Simulator.Load;
using OcppCentral.Protocol;

namespace ChargeMonitor.Simulator.Cli;

/// <summary>The program: parse the command line, then run a fleet of chargers or a load test, and print what happened.</summary>
public static class SimulatorApp
{
    public const int Ok = 0;
    public const int Errors = 1;
    public const int Usage = 2;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        CommandLineOptions options;
        try
        {
            options = CommandLineParser.Parse(args);
        }
        catch (CommandLineException ex)
        {
            await error.WriteLineAsync($"simulator: {ex.Message}").ConfigureAwait(false);
            return Usage;
        }
        if (options.Help)
        {
            await output.WriteLineAsync(HelpText.Build()).ConfigureAwait(false);
            return Ok;
        }

        if (options.Ca is not null || options.ClientCertificate is not null)
        {
            try
            {
                options = options with { Tls = ClientTls.Load(options.Ca, options.ClientCertificate, options.ClientKey, options.ClientCertificatePassword) };
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"simulator: cannot read the TLS files: {ex.Message}").ConfigureAwait(false);
                return Usage;
            }
        }
        var schemas = SchemaValidator.Load(SchemaValidator.DefaultDirectory);
        var seed = options.Seed ?? Random.Shared.Next();
        return options.Load
            ? await LoadConsole.RunAsync(ToLoadOptions(options), schemas, output, ct).ConfigureAwait(false)
            : await FleetConsole.RunAsync(ToFleetOptions(options, seed), schemas, options, seed, output, ct).ConfigureAwait(false);
    }

    public static FleetOptions ToFleetOptions(CommandLineOptions options, int seed) => new()
    {
        Chargers = options.Chargers,
        IdPrefix = options.IdPrefix,
        Template = new ChargerOptions
        {
            Endpoint = options.Url,
            ChargePointId = options.IdPrefix,
            Password = options.Password,
            Tls = options.Tls,
            Sessions = options.Sessions,
            SessionDuration = TimeSpan.FromSeconds(options.SessionSeconds),
            MeterInterval = TimeSpan.FromSeconds(options.MeterIntervalSeconds),
            IdleDuration = options.IdleSeconds is { } idle ? TimeSpan.FromSeconds(idle) : null,
            Kind = options.ChargerKind,
            Scenarios = options.Scenarios,
            Seed = seed,
            Feedback = options.Feedback ? new FeedbackOptions(options.AdminKey) : null,
            CostDisplay = options.CostDisplay,
            DisplayLanguage = options.DisplayLanguage,
        },
    };

    public static LoadOptions ToLoadOptions(CommandLineOptions options) => new()
    {
        Endpoint = options.Url,
        Chargers = options.Chargers,
        IdPrefix = options.IdPrefix,
        Password = options.Password,
        Tls = options.Tls,
        Warmup = TimeSpan.FromSeconds(options.Warmup),
        Duration = TimeSpan.FromSeconds(options.Seconds),
        RatePerSecond = options.Rate,
        ConnectConcurrency = options.ConnectConcurrency,
    };
}
