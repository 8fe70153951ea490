using OcppCentral.Protocol;

namespace ChargeMonitor.Simulator.Chargers;

/// <summary>Runs many <see cref="SimulatedCharger"/>s side by side and gathers their reports.</summary>
public sealed class ChargerFleet
{
    private readonly FleetOptions _options;
    private readonly TimeProvider _time;

    public ChargerFleet(FleetOptions options, SchemaValidator? schemas = null, TimeProvider? time = null)
    {
        if (options.Chargers < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.Chargers, "A fleet has at least one charger.");
        _options = options;
        _time = time ?? TimeProvider.System;
        Chargers = Enumerable.Range(1, options.Chargers)
            .Select(n => new SimulatedCharger(options.Template with { ChargePointId = options.IdFor(n), Seed = options.SeedFor(n) }, schemas, _time))
            .ToList();
    }

    public IReadOnlyList<SimulatedCharger> Chargers { get; }

    public async Task<FleetReport> RunAsync(CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        var spread = TimeSpan.FromMilliseconds(Math.Min(_options.MaxStartSpread.TotalMilliseconds, Chargers.Count * 10.0));
        var runs = Chargers.Select((charger, index) => RunOneAsync(charger, spread * index / Chargers.Count, ct)).ToList();
        var reports = await Task.WhenAll(runs).ConfigureAwait(false);
        return new FleetReport(reports, _time.GetElapsedTime(started));
    }

    public FleetProgress Progress()
    {
        var sessions = Chargers.SelectMany(c => c.Sessions).ToList();
        return new FleetProgress(Chargers.Count, Chargers.Count(c => c.IsConnected), Chargers.Count(c => c.ActiveTransactionId is not null),
            sessions.Count, sessions.Sum(s => s.EnergyWh), Chargers.Sum(c => c.ErrorCount));
    }

    private async Task<ChargerReport> RunOneAsync(SimulatedCharger charger, TimeSpan startAfter, CancellationToken ct)
    {
        try
        {
            await Task.Delay(startAfter, _time, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return new ChargerReport(charger.ChargePointId, charger.Kind.Name, [], [], 0);
        }
        return await charger.RunAsync(ct).ConfigureAwait(false);
    }
}
