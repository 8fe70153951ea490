using ChargeMonitor.Simulator.Client;
using OcppCentral.Protocol;

namespace ChargeMonitor.Simulator.Load;

/// <summary>
/// Measures a central system: connect every charger (bounded concurrency) and open a transaction on each,
/// then send MeterValues for <see cref="LoadOptions.Duration"/> and time each acknowledgement, then stop the
/// transactions and close. Connection set-up is timed separately and not part of the throughput.
/// </summary>
public static class LoadTest
{
    public static async Task<LoadReport> RunAsync(LoadOptions options, SchemaValidator? schemas, Action<LoadProgress>? progress,
        TimeProvider? time, CancellationToken ct)
    {
        options.Validate();
        time ??= TimeProvider.System;
        if (schemas is not null)
            LoadMessages.Validate(schemas);
        var counters = new LoadCounters();
        using var reporting = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var phase = "connecting";
        var reporter = ReportProgressAsync(options, counters, () => phase, progress, time, reporting.Token);

        var connectStarted = time.GetTimestamp();
        var chargers = await ConnectAllAsync(options, counters, time, ct).ConfigureAwait(false);
        var connectTime = time.GetElapsedTime(connectStarted);

        phase = "measuring";
        using var deadline = new CancellationTokenSource(options.Duration, time);
        using var measure = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var pacer = options.RatePerSecond is { } rate ? new RatePacer(rate, time) : null;
        var measureStarted = time.GetTimestamp();
        await Task.WhenAll(chargers.Select(c => Task.Run(() => c.RunAsync(pacer, measure.Token), CancellationToken.None))).ConfigureAwait(false);
        var measured = time.GetElapsedTime(measureStarted);
        var acknowledged = LoadCounters.Read(ref counters.Acknowledged);

        phase = "stopping";
        using var stopDeadline = new CancellationTokenSource(options.CallTimeout, time);
        await Parallel.ForEachAsync(chargers, new ParallelOptions { MaxDegreeOfParallelism = options.ConnectConcurrency },
            async (charger, _) => await charger.StopAsync(stopDeadline.Token).ConfigureAwait(false)).ConfigureAwait(false);
        await reporting.CancelAsync().ConfigureAwait(false);
        await reporter.ConfigureAwait(false);

        return new LoadReport(options.Chargers, LoadCounters.Read(ref counters.Connected), LoadCounters.Read(ref counters.ConnectErrors),
            connectTime, acknowledged, LoadCounters.Read(ref counters.CallErrors), LoadCounters.Read(ref counters.Timeouts),
            LoadCounters.Read(ref counters.Disconnects), measured, LatencySummary.From(chargers.SelectMany(c => c.Latencies)));
    }

    private static async Task<List<LoadCharger>> ConnectAllAsync(LoadOptions options, LoadCounters counters, TimeProvider time, CancellationToken ct)
    {
        var connected = new List<LoadCharger>(options.Chargers);
        var pipeline = ReconnectPipeline.Create(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), options.ConnectAttempts - 1, time);
        var digits = Math.Max(4, options.Chargers.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(1, options.Chargers),
                new ParallelOptions { MaxDegreeOfParallelism = options.ConnectConcurrency, CancellationToken = ct },
                async (number, token) =>
                {
                    var id = options.IdPrefix + number.ToString("D" + digits, System.Globalization.CultureInfo.InvariantCulture);
                    var charger = new LoadCharger(id, options, counters, time);
                    if (await charger.ConnectAsync(pipeline, token).ConfigureAwait(false))
                    {
                        lock (connected)
                            connected.Add(charger);
                    }
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C while connecting: measure nothing, but still close what is open.
        }
        return connected;
    }

    private static async Task ReportProgressAsync(LoadOptions options, LoadCounters counters, Func<string> phase,
        Action<LoadProgress>? progress, TimeProvider time, CancellationToken ct)
    {
        if (progress is null)
            return;
        var started = time.GetTimestamp();
        var lastCount = 0L;
        var lastAt = TimeSpan.Zero;
        try
        {
            while (true)
            {
                await Task.Delay(options.ProgressInterval, time, ct).ConfigureAwait(false);
                var now = time.GetElapsedTime(started);
                var count = LoadCounters.Read(ref counters.Acknowledged);
                var errors = LoadCounters.Read(ref counters.CallErrors) + LoadCounters.Read(ref counters.Timeouts) + LoadCounters.Read(ref counters.Disconnects);
                progress(new LoadProgress(phase(), now, LoadCounters.Read(ref counters.Connected), LoadCounters.Read(ref counters.ConnectErrors),
                    count, (count - lastCount) / (now - lastAt).TotalSeconds, errors));
                (lastCount, lastAt) = (count, now);
            }
        }
        catch (OperationCanceledException)
        {
            // Run over.
        }
    }
}
