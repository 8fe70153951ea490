using ChargeMonitor.Simulator.Charging;
using ChargeMonitor.Simulator.Feedback;
using ChargeMonitor.Simulator.Scenarios;
using OcppCentral.Messages;

namespace ChargeMonitor.Simulator.Chargers;

/// <summary>Collects what a session sent while it runs (answers arrive on other threads) and builds its <see cref="SessionReport"/>.</summary>
internal sealed class SessionRecorder(int number, string chargePointId, SessionPlan plan, Scenario scenarios, bool remoteStart)
{
    private readonly Lock _gate = new();
    private readonly List<string> _errors = [];
    private SessionReport _report = new()
    {
        Number = number,
        ChargePointId = chargePointId,
        IdTag = plan.IdTag,
        Scenarios = scenarios,
        Vehicle = plan.Vehicle.Model,
        RemoteStart = remoteStart,
        SocStartPercent = plan.StartSocPercent,
        SocEndPercent = plan.StartSocPercent,
    };

    public long? TransactionId => Read(r => r.TransactionId);

    public void Error(string error)
    {
        lock (_gate)
            _errors.Add(error);
    }

    /// <summary>Records a failed answer once it is known, without waiting for it.</summary>
    public void Track(Task answer, string what) => answer.ContinueWith(
        task => Error($"{what}: {task.Exception!.InnerException!.Message}"),
        CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Waits for an answer; after shutdown only for <paramref name="grace"/>. Null when none came or it was a CALLERROR (recorded).</summary>
    public async Task<T?> AwaitAsync<T>(Task<T> answer, string what, CancellationToken ct, TimeSpan grace, TimeProvider time) where T : class
    {
        try
        {
            try
            {
                return await answer.WaitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return await answer.WaitAsync(grace, time).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            // Our own wait was handled above; what arrives here is the answer's failure, or the grace running out.
            Error($"{what}: {(ex is TimeoutException ? "no answer before shutdown" : ex.Message)}");
            return null;
        }
    }

    public void Started(StartTransactionRequest request) => Update(r => r with { StartTimestamp = request.Timestamp, MeterStartWh = request.MeterStart, LastRegisterWh = request.MeterStart });

    public void Assigned(long transactionId) => Update(r => r with { TransactionId = transactionId });

    public void Duplicate(long transactionId) => Update(r => r with { DuplicateStartTransactionId = transactionId });

    public void Sample(MeterReading reading) => Update(r => r with
    {
        MeterValuesSent = r.MeterValuesSent + 1,
        LastRegisterWh = reading.RegisterWholeWh,
        SocEndPercent = Math.Round(reading.SocPercent, 1),
        MaxPowerW = Math.Max(r.MaxPowerW, reading.PowerW),
    });

    public void Stopped(StopTransactionRequest request) => Update(r => r with
    {
        StopTimestamp = request.Timestamp,
        MeterStopWh = request.MeterStop,
        LastRegisterWh = request.MeterStop,
        StopReason = request.Reason,
        StopSent = true,
    });

    public void LostInReboot() => Update(r => r with { StopReason = "Reboot", StopSent = false });

    public void Orphan(long transactionId) => Update(r => r with { OrphanTransactionId = transactionId });

    public void Feedback(FeedbackReport feedback) => Update(r => r with { Feedback = feedback });

    public void Times(TimeSpan charging, TimeSpan idle) => Update(r => r with { ChargingTime = charging, IdleTime = idle });

    public void Physics(ChargingSession session) => Update(r => r with
    {
        EnergyWh = session.DeliveredWh,
        SocEndPercent = Math.Round(session.SocPercent, 1),
        MaxPowerW = Math.Max(r.MaxPowerW, session.MaxPowerW),
    });

    public SessionReport Build(int queuedWhileOffline)
    {
        lock (_gate)
            return _report with { QueuedWhileOffline = queuedWhileOffline, Errors = _errors.ToList() };
    }

    private void Update(Func<SessionReport, SessionReport> change)
    {
        lock (_gate)
            _report = change(_report);
    }

    private T Read<T>(Func<SessionReport, T> read)
    {
        lock (_gate)
            return read(_report);
    }
}
