using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OcppCentral.Operations;

/// <summary>
/// ChargeMonitor's own instruments, on the meter <see cref="MeterName"/> (docs/observability.md lists each with its unit
/// and tags). Created through <see cref="IMeterFactory"/>, so each server (and each test's) has its own. Recording is
/// cheap whether or not anything listens: tags are passed in a <see cref="TagList"/> (a struct) with values that already
/// exist (the route table's action names, the CALLERROR codes), so the acknowledgement path allocates nothing for them.
/// </summary>
public sealed class ChargeMonitorMetrics
{
    public const string MeterName = "ChargeMonitor";

    /// <summary>The action tag of a CALL whose action is not an OCPP 1.6 one: what a charger sends must not grow the tag values.</summary>
    public const string OtherAction = "_OTHER";

    /// <summary>The outcome tag of a CALL answered with a CALLRESULT; a CALLERROR's outcome is its error code.</summary>
    public const string Answered = "answered";

    private static readonly double[] SecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly long[] BatchBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];

    private readonly Counter<long> _messages;
    private readonly Histogram<double> _messageDuration;
    private readonly Counter<long> _badFrames;
    private readonly Counter<long> _refusedHandshakes;
    private readonly Histogram<long> _batchSize;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _sessionsClosed;
    private readonly Counter<long> _anomalies;
    private readonly Counter<long> _commands;

    public ChargeMonitorMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        _messages = Meter.CreateCounter<long>("chargemonitor.ocpp.messages", "{message}",
            "CALLs from chargers by action and outcome: answered, or the CALLERROR code they were refused with.");
        _messageDuration = Meter.CreateHistogram("chargemonitor.ocpp.message.duration", "s",
            "Time from reading a CALL to having its answer (validation, handler, and the commit its data waits for).",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _badFrames = Meter.CreateCounter<long>("chargemonitor.ocpp.bad_frames", "{frame}",
            "Frames from chargers that are not a readable CALL or an awaited answer, by error.type.");
        _refusedHandshakes = Meter.CreateCounter<long>("chargemonitor.ocpp.handshakes.refused", "{handshake}",
            "WebSocket connections to /ocpp refused before the upgrade, by error.type.");
        _batchSize = Meter.CreateHistogram("chargemonitor.storage.batch.size", "{operation}",
            "Writes committed together in one transaction of the storage writer.",
            tags: null, advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = BatchBuckets });
        _commitDuration = Meter.CreateHistogram("chargemonitor.storage.commit.duration", "s",
            "Time the storage writer takes to run and commit one batch (fsync included).",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _sessionsClosed = Meter.CreateCounter<long>("chargemonitor.sessions.closed", "{session}",
            "Sessions that went from Active to Completed, by stop reason.");
        _anomalies = Meter.CreateCounter<long>("chargemonitor.anomalies", "{anomaly}", "Anomalies recorded on sessions, by code.");
        _commands = Meter.CreateCounter<long>("chargemonitor.commands", "{command}",
            "Commands (server-initiated calls) sent from the admin API or the console, by action and outcome.");
    }

    /// <summary>The meter, for the observable instruments their owners register (<see cref="Observe"/>).</summary>
    public Meter Meter { get; }

    /// <summary>
    /// An instrument whose value is read when metrics are collected (chargers connected, queue depth, sessions active).
    /// </summary>
    public void Observe(string name, string unit, string description, Func<IEnumerable<Measurement<long>>> read) =>
        Meter.CreateObservableUpDownCounter(name, read, unit, description);

    /// <param name="action">The CALL's action when it is an OCPP 1.6 action (else <see cref="OtherAction"/>), as spelled in the route table.</param>
    /// <param name="outcome"><see cref="Answered"/> or an <c>OcppErrorCode</c>.</param>
    public void MessageHandled(string action, string outcome, long startedTimestamp)
    {
        var tags = new TagList { { "ocpp.action", action }, { "ocpp.outcome", outcome } };
        _messages.Add(1, tags);
        if (_messageDuration.Enabled)
            _messageDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, new KeyValuePair<string, object?>("ocpp.action", action));
    }

    /// <param name="errorType">unreadable, binary or unsolicited.</param>
    public void BadFrame(string errorType) => _badFrames.Add(1, new KeyValuePair<string, object?>("error.type", errorType));

    /// <param name="errorType">not_websocket, invalid_id, no_subprotocol, shutting_down, unauthorized, unknown_charger.</param>
    public void HandshakeRefused(string errorType) => _refusedHandshakes.Add(1, new KeyValuePair<string, object?>("error.type", errorType));

    public void BatchCommitted(int writes, long startedTimestamp)
    {
        _batchSize.Record(writes);
        if (_commitDuration.Enabled)
            _commitDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds);
    }

    public void SessionClosed(string stopReason) => _sessionsClosed.Add(1, new KeyValuePair<string, object?>("chargemonitor.stop_reason", stopReason));

    public void AnomalyRecorded(string code) => _anomalies.Add(1, new KeyValuePair<string, object?>("chargemonitor.anomaly.code", code));

    /// <param name="outcome">answered, call_error, timeout, disconnected or not_connected.</param>
    public void CommandSent(string action, string outcome) =>
        _commands.Add(1, new TagList { { "ocpp.action", action }, { "chargemonitor.command.outcome", outcome } });
}
