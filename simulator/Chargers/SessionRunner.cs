using ChargeMonitor.Simulator.Charging;
using ChargeMonitor.Simulator.Scenarios;
using OcppCentral.Messages;

namespace ChargeMonitor.Simulator.Chargers;

/// <summary>
/// One driver's visit, as OCPP 1.6 §3 and §4 describe it: Preparing → Authorize → StartTransaction → Charging
/// with MeterValues → SuspendedEV while the car stays parked → Finishing → StopTransaction → Available.
/// A stop request (RemoteStop, Reset, Unlock) or shutdown ends it early with the matching reason.
/// </summary>
internal sealed class SessionRunner(ChargerRuntime charger, SessionPlan plan, int number, bool remoteStart)
{
    private readonly SessionRecorder _record = new(number, charger.ChargePointId, plan, charger.Options.Scenarios, remoteStart);
    private readonly int _offlineBefore = charger.Outbox.QueuedOffline;

    private Scenario Scenarios => charger.Options.Scenarios;

    public async Task<SessionReport> RunAsync(CancellationToken shutdown)
    {
        var stopRequested = charger.Control.Begin();
        try
        {
            using var run = CancellationTokenSource.CreateLinkedTokenSource(shutdown, stopRequested);
            await RunCoreAsync(run.Token, shutdown).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _record.Error($"session: {ex.Message}");
        }
        finally
        {
            charger.CloseSession();
            charger.Control.End();
        }
        return _record.Build(charger.Outbox.QueuedOffline - _offlineBefore);
    }

    private async Task RunCoreAsync(CancellationToken ct, CancellationToken shutdown)
    {
        _record.Track(charger.SendStatus("Preparing"), "StatusNotification");
        if (!remoteStart && !await AuthorizeAsync(ct).ConfigureAwait(false))
        {
            _record.Track(charger.SendStatus("Available"), "StatusNotification");
            return;
        }

        var session = new ChargingSession(charger.Kind, plan.Vehicle, plan.StartSocPercent, plan.TargetSocPercent, charger.RegisterWh, charger.Now);
        charger.ActiveSession = session;
        var start = new StartTransactionRequest(ServerCallResponder.ConnectorId, plan.IdTag, session.MeterStartWh, session.Timestamp);
        _record.Started(start);
        var started = await AnswerAsync(charger.SendAsync<StartTransactionResponse>("StartTransaction", start), "StartTransaction", shutdown).ConfigureAwait(false);
        if (Scenarios.HasFlag(Scenario.Duplicate))
        {
            var again = await AnswerAsync(charger.SendAsync<StartTransactionResponse>("StartTransaction", start), "StartTransaction (duplicate)", shutdown).ConfigureAwait(false);
            if (again is not null)
                _record.Duplicate(again.TransactionId);
        }
        if (started is null)
            return;
        _record.Assigned(started.TransactionId);
        charger.Control.TransactionStarted(started.TransactionId);

        var reason = "EVDisconnected";
        var metering = new SessionMetering(charger, _record, started.TransactionId);
        var chargingStarted = charger.Time.GetTimestamp();
        TimeSpan? chargingTime = null;
        try
        {
            // OCPP 1.6 §4.8: a transaction whose idTag is not Accepted is stopped by the charger at once.
            if (started.IdTagInfo.Status != AuthorizationStatus.Accepted)
            {
                reason = "DeAuthorized";
            }
            else
            {
                _record.Track(charger.SendStatus("Charging"), "StatusNotification");
                var events = ScenarioTimeline.For(Scenarios, plan.ChargingDuration, charger.Options.OfflineDuration);
                if (!await metering.RunPhaseAsync(charging: true, plan.ChargingDuration, events, ct).ConfigureAwait(false))
                {
                    _record.LostInReboot();
                    _record.Physics(session);
                    _record.Times(metering.RebootedAfter ?? charger.Time.GetElapsedTime(chargingStarted), TimeSpan.Zero);
                    await SessionFollowUps.SendFeedbackAsync(charger, _record, started.TransactionId, session, shutdown).ConfigureAwait(false);
                    return;
                }
                chargingTime = charger.Time.GetElapsedTime(chargingStarted);
                charger.WithSession(s => s.Drawing = false);
                _record.Track(charger.SendStatus("SuspendedEV"), "StatusNotification");
                await metering.RunPhaseAsync(charging: false, plan.IdleDuration, [], ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            reason = charger.Control.StopReason ?? "Local";
        }
        var total = charger.Time.GetElapsedTime(chargingStarted);
        _record.Times(chargingTime ?? total, total - (chargingTime ?? total));
        await StopAsync(started.TransactionId, reason, session, shutdown).ConfigureAwait(false);
    }

    private async Task<bool> AuthorizeAsync(CancellationToken ct)
    {
        var answer = await AnswerAsync(charger.SendAsync<AuthorizeResponse>("Authorize", new AuthorizeRequest(plan.IdTag)), "Authorize", ct).ConfigureAwait(false);
        if (answer is null)
            return false;
        if (answer.IdTagInfo.Status != AuthorizationStatus.Accepted)
            _record.Error($"Authorize: idTag {plan.IdTag} is {answer.IdTagInfo.Status}");
        return answer.IdTagInfo.Status == AuthorizationStatus.Accepted;
    }

    private async Task StopAsync(long transactionId, string reason, ChargingSession session, CancellationToken shutdown)
    {
        var reading = charger.ReadMeter();
        var stop = new StopTransactionRequest(reading.RegisterWholeWh, reading.Timestamp, transactionId, plan.IdTag, reason,
            [MeterValueFactory.RegisterOnly(reading.Timestamp, reading.RegisterWholeWh, MeterValueFactory.TransactionEnd, charger.RegisterUnit)]);
        _record.Physics(session);
        _record.Stopped(stop);
        _record.Track(charger.SendStatus("Finishing"), "StatusNotification");
        var stopped = charger.Send("StopTransaction", stop);
        var duplicate = Scenarios.HasFlag(Scenario.Duplicate) ? charger.Send("StopTransaction", stop) : Task.FromResult(new Newtonsoft.Json.Linq.JObject());
        _record.Track(charger.SendStatus(charger.Operative ? "Available" : "Unavailable"), "StatusNotification");
        await AnswerAsync(stopped, "StopTransaction", shutdown).ConfigureAwait(false);
        await AnswerAsync(duplicate, "StopTransaction (duplicate)", shutdown).ConfigureAwait(false);

        if (Scenarios.HasFlag(Scenario.UnknownTransaction))
            await SessionFollowUps.SendOrphanAsync(charger, _record, plan, shutdown).ConfigureAwait(false);
        await SessionFollowUps.SendFeedbackAsync(charger, _record, transactionId, session, shutdown).ConfigureAwait(false);
    }

    /// <summary>Waits for an answer; after shutdown only for the grace period. Null when none came or it was a CALLERROR (recorded).</summary>
    private Task<T?> AnswerAsync<T>(Task<T> answer, string what, CancellationToken ct) where T : class =>
        _record.AwaitAsync(answer, what, ct, charger.Options.ShutdownGrace, charger.Time);
}
