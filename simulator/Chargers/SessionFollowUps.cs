using ChargeMonitor.Simulator.Charging;
using ChargeMonitor.Simulator.Feedback;
using ChargeMonitor.Simulator.Scenarios;
using OcppCentral.Messages;

namespace ChargeMonitor.Simulator.Chargers;

/// <summary>What may follow a session's StopTransaction: the unknown-transaction scenario's orphans and the driver's rating.</summary>
internal static class SessionFollowUps
{
    /// <summary>The unknown-transaction scenario: a MeterValues and a StopTransaction for an id no server issued.</summary>
    public static async Task SendOrphanAsync(ChargerRuntime charger, SessionRecorder record, SessionPlan plan, CancellationToken shutdown)
    {
        var orphanId = UnknownTransactionIds.Next(charger.Random);
        record.Orphan(orphanId);
        var reading = charger.ReadMeter();
        var register = reading.RegisterWholeWh;
        var values = charger.Send("MeterValues", new MeterValuesRequest(ServerCallResponder.ConnectorId,
            [MeterValueFactory.RegisterOnly(reading.Timestamp, register, MeterValueFactory.SamplePeriodic, charger.RegisterUnit)], orphanId));
        var stop = charger.Send("StopTransaction", new StopTransactionRequest(register, reading.Timestamp, orphanId, plan.IdTag, "Local",
            [MeterValueFactory.RegisterOnly(reading.Timestamp, register, MeterValueFactory.TransactionEnd, charger.RegisterUnit)]));
        await record.AwaitAsync(values, "MeterValues (unknown transaction)", shutdown, charger.Options.ShutdownGrace, charger.Time).ConfigureAwait(false);
        await record.AwaitAsync(stop, "StopTransaction (unknown transaction)", shutdown, charger.Options.ShutdownGrace, charger.Time).ConfigureAwait(false);
    }

    /// <summary>With feedback on, the driver rates the session (docs/anomalies-and-feedback.md); not when the simulator is shutting down.</summary>
    public static async Task SendFeedbackAsync(ChargerRuntime charger, SessionRecorder record, long transactionId, ChargingSession session, CancellationToken ct)
    {
        if (charger.Options.Feedback is not { } options || ct.IsCancellationRequested)
            return;
        var disrupted = (charger.Options.Scenarios & (Scenario.Offline | Scenario.Reboot)) != 0;
        var slow = session.MaxPowerW < charger.Kind.MaxPowerKw * 1000m / 2;
        var feedback = FeedbackGenerator.Draw(charger.Random, disrupted, slow);
        var client = new FeedbackClient(FeedbackClient.SharedHttp, charger.Options.Endpoint, options.AdminKey);
        var result = await client.SendAsync(transactionId, feedback, ct).ConfigureAwait(false);
        record.Feedback(result);
        if (!result.Accepted)
            record.Error($"feedback for transaction {transactionId}: HTTP {result.StatusCode}");
    }
}
