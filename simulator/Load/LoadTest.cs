using ChargeMonitor.Simulator.Client;
using OcppCentral.Protocol;

namespace ChargeMonitor.Simulator.Load;

/// <summary>
/// Measures a central system: connect every charger (bounded concurrency) and open a transaction on each, then send
/// MeterValues through a <see cref="LoadOptions.Warmup"/> and on without a pause for <see cref="LoadOptions.Duration"/>,
/// then stop the transactions and close. Only calls sent after the warm-up count towards throughput and latency;
/// connection set-up is timed separately.
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

        var pacer = options.RatePerSecond is { } rate ? new RatePacer(rate, time) : null;
        using var running = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var warmingUp = options.Warmup > TimeSpan.Zero;
        phase = warmingUp ? "warming up" : "measuring";
        long? measureStarted = warmingUp ? null : StartMeasuring(counters, time);
        // The chargers send from here to the end of the measurement; the warm-up only decides which calls count.
        var runs = Task.WhenAll(chargers.Select(c => Task.Run(() => c.RunAsync(pacer, running.Token), CancellationToken.None)));
        if (warmingUp)
        {
            await PhaseAsync(runs, options.Warmup, time, ct).ConfigureAwait(false);
            if (!runs.IsCompleted && !ct.IsCancellationRequested)
            {
                measureStarted = StartMeasuring(counters, time);
                phase = "measuring";
            }
        }
        if (measureStarted is not null)
            await PhaseAsync(runs, options.Duration, time, ct).ConfigureAwait(false);
        await running.CancelAsync().ConfigureAwait(false);
        // Calls in flight at the deadline are answered (or time out) before a charger stops; the window includes that wait.
        await runs.ConfigureAwait(false);
        var measured = measureStarted is { } since ? time.GetElapsedTime(since) : TimeSpan.Zero;
        var acknowledged = LoadCounters.Read(ref counters.MeasuredAcknowledged);
        var totalAcknowledged = LoadCounters.Read(ref counters.Acknowledged);

        phase = "stopping";
        using var stopDeadline = new CancellationTokenSource(options.CallTimeout, time);
        await Parallel.ForEachAsync(chargers, new ParallelOptions { MaxDegreeOfParallelism = options.ConnectConcurrency },
            async (charger, _) => await charger.StopAsync(stopDeadline.Token).ConfigureAwait(false)).ConfigureAwait(false);
        await reporting.CancelAsync().ConfigureAwait(false);
        await reporter.ConfigureAwait(false);

        return new LoadReport(options.Chargers, LoadCounters.Read(ref counters.Connected), LoadCounters.Read(ref counters.ConnectErrors),
            connectTime, acknowledged, LoadCounters.Read(ref counters.CallErrors), LoadCounters.Read(ref counters.Timeouts),
            LoadCounters.Read(ref counters.Disconnects), measured, LatencySummary.From(chargers.SelectMany(c => c.Latencies)),
            options.Warmup, totalAcknowledged, LoadCounters.Read(ref counters.ServerCallsAnswered));
    }

    private static long StartMeasuring(LoadCounters counters, TimeProvider time)
    {
        var now = time.GetTimestamp();
        counters.StartMeasuring(now);
        return now;
    }

    /// <summary>Waits <paramref name="length"/>, or less when every charger has stopped (all links dropped) or the run is cancelled.</summary>
    private static async Task PhaseAsync(Task runs, TimeSpan length, TimeProvider time, CancellationToken ct)
    {
        using var over = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await Task.WhenAny(runs, Task.Delay(length, time, over.Token)).ConfigureAwait(false);
        await over.CancelAsync().ConfigureAwait(false);
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
