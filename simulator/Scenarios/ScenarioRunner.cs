using ChargeMonitor.Simulator.Chargers;
using OcppCentral.Protocol;

namespace ChargeMonitor.Simulator.Scenarios;

/// <summary>
/// The entry for end-to-end tests: one charger runs its sessions with a scenario injected, on short timings
/// (4 s charging, 1 s meter interval, 1 s parked, 1 s reboot downtime, offline 2 s) unless <c>customize</c> changes them.
/// </summary>
public static class ScenarioRunner
{
    public static ChargerOptions QuickOptions(Uri endpoint, string chargePointId, Scenario scenario) => new()
    {
        Endpoint = endpoint,
        ChargePointId = chargePointId,
        Scenarios = scenario,
        Sessions = 1,
        SessionDuration = TimeSpan.FromSeconds(4),
        MeterInterval = TimeSpan.FromSeconds(1),
        IdleDuration = TimeSpan.FromSeconds(1),
        PauseBetweenSessions = TimeSpan.FromMilliseconds(200),
        RebootDowntime = TimeSpan.FromSeconds(1),
        ReconnectDelay = TimeSpan.FromMilliseconds(200),
        MaxReconnectDelay = TimeSpan.FromSeconds(2),
        Seed = 1,
    };

    public static Task<ChargerReport> RunAsync(Uri endpoint, string chargePointId, Scenario scenario, SchemaValidator? schemas,
        CancellationToken ct, Func<ChargerOptions, ChargerOptions>? customize = null)
    {
        var options = QuickOptions(endpoint, chargePointId, scenario);
        return new SimulatedCharger(customize?.Invoke(options) ?? options, schemas).RunAsync(ct);
    }
}
