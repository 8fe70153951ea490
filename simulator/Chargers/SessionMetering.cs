using ChargeMonitor.Simulator.Charging;
using ChargeMonitor.Simulator.Scenarios;
using OcppCentral.Messages;

namespace ChargeMonitor.Simulator.Chargers;

/// <summary>
/// One phase of a session in real time (charging, then parked): MeterValues every MeterValueSampleInterval,
/// a last reading when charging ends, and the scenario events that fall into the phase.
/// </summary>
internal sealed class SessionMetering(ChargerRuntime charger, SessionRecorder record, long transactionId)
{
    private bool _duplicateSent;
    private long _phaseStarted;

    /// <summary>How far into the charging part the reboot scenario struck; null when it did not.</summary>
    public TimeSpan? RebootedAfter { get; private set; }

    /// <returns>False when a reboot ended the session (its transaction is lost, no StopTransaction follows).</returns>
    public async Task<bool> RunPhaseAsync(bool charging, TimeSpan duration, IReadOnlyList<ScenarioEvent> events, CancellationToken ct)
    {
        var started = _phaseStarted = charger.Time.GetTimestamp();
        var pending = new Queue<ScenarioEvent>(events);
        var lastTick = TimeSpan.Zero;
        while (true)
        {
            var interval = charger.Configuration.MeterValueSampleInterval;
            var tickAt = interval > TimeSpan.Zero ? lastTick + interval : TimeSpan.MaxValue;
            var eventAt = pending.TryPeek(out var next) ? next.At : TimeSpan.MaxValue;
            var wake = Min(Min(tickAt, eventAt), duration);
            var wait = wake - charger.Time.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, charger.Time, ct).ConfigureAwait(false);

            if (eventAt <= wake)
            {
                if (!await ApplyAsync(pending.Dequeue(), ct).ConfigureAwait(false))
                    return false;
                continue;
            }
            if (tickAt <= wake)
            {
                lastTick = tickAt;
                SendSample(MeterValueFactory.SamplePeriodic);
            }
            if (wake >= duration)
            {
                // The reading where charging ended, so the server can tell charging time from idle time.
                if (charging && tickAt != wake)
                    SendSample(MeterValueFactory.SamplePeriodic);
                return true;
            }
        }
    }

    public void SendSample(string context)
    {
        var reading = charger.ReadMeter();
        var request = new MeterValuesRequest(ServerCallResponder.ConnectorId,
            [MeterValueFactory.Full(reading, context, charger.RegisterUnit)], transactionId);
        record.Track(charger.Send("MeterValues", request), "MeterValues");
        record.Sample(reading);
        if (charger.Options.Scenarios.HasFlag(Scenario.Duplicate) && !_duplicateSent)
        {
            _duplicateSent = true;
            record.Track(charger.Send("MeterValues", request), "MeterValues (duplicate)");
        }
    }

    private async Task<bool> ApplyAsync(ScenarioEvent scenarioEvent, CancellationToken ct)
    {
        switch (scenarioEvent.Action)
        {
            case ScenarioAction.GoOffline:
                charger.Connection.GoOffline(scenarioEvent.Duration);
                return true;
            case ScenarioAction.ResetMeter:
                SendSample(MeterValueFactory.SamplePeriodic);
                charger.WithSession(session => session.ResetRegister());
                return true;
            case ScenarioAction.Reboot:
                // The server gets the last reading before the charger goes, so it can close the session there.
                SendSample(MeterValueFactory.SamplePeriodic);
                RebootedAfter = charger.Time.GetElapsedTime(_phaseStarted);
                await charger.WaitForOutboxAsync(charger.Options.CallTimeout, ct).ConfigureAwait(false);
                await charger.Connection.RestartAsync(hard: true, charger.Options.RebootDowntime, ct).ConfigureAwait(false);
                // The session ends when the charger is back and has sent its BootNotification.
                await charger.Connection.WaitReadyAsync(ct).ConfigureAwait(false);
                return false;
            default:
                throw new ArgumentOutOfRangeException(nameof(scenarioEvent), scenarioEvent.Action, null);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
