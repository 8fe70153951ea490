extern alias sim;

using System.Net.WebSockets;
using Newtonsoft.Json.Linq;
using sim::ChargeMonitor.Simulator.Client;

namespace OcppCentral.Tests.Simulator;

[CancelAfter(10_000)]
public class TransactionOutboxTests
{
    [Test]
    public async Task Pump_SendsInQueueOrder_OneAtATime(CancellationToken ct)
    {
        var outbox = new TransactionOutbox();
        var sent = new List<string>();
        var inFlight = 0;
        var answers = Enumerable.Range(1, 5).Select(n => outbox.Enqueue("MeterValues", new JObject { ["n"] = n }, offline: false)).ToList();

        var pump = Pump(outbox, async (_, payload, _) =>
        {
            Assert.That(Interlocked.Increment(ref inFlight), Is.EqualTo(1), "one CALL outstanding at a time");
            await Task.Yield();
            sent.Add(payload["n"]!.ToString());
            Interlocked.Decrement(ref inFlight);
            return new JObject();
        }, ct);
        await Task.WhenAll(answers);

        Assert.That(sent, Is.EqualTo(new[] { "1", "2", "3", "4", "5" }));
        await pump.StopAsync();
    }

    [Test]
    public async Task Pump_LinkFails_ResendsTheSameMessageUnchanged(CancellationToken ct)
    {
        var outbox = new TransactionOutbox();
        var payloads = new List<string>();
        var answer = outbox.Enqueue("StopTransaction", new JObject { ["timestamp"] = "2026-11-24T15:50:00.000Z" }, offline: true);

        var pump = Pump(outbox, (_, payload, _) =>
        {
            payloads.Add(payload.ToString());
            return payloads.Count < 3
                ? throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely)
                : Task.FromResult(new JObject { ["ok"] = true });
        }, ct);

        Assert.That((await answer)["ok"]!.Value<bool>(), Is.True);
        Assert.That(payloads.Distinct().Count(), Is.EqualTo(1));
        Assert.That((payloads.Count, outbox.QueuedOffline), Is.EqualTo((3, 1)));
        await pump.StopAsync();
    }

    [Test]
    public async Task Pump_CallError_FailsThatMessageAndGoesOn(CancellationToken ct)
    {
        var outbox = new TransactionOutbox();
        var first = outbox.Enqueue("StartTransaction", new JObject(), offline: false);
        var second = outbox.Enqueue("MeterValues", new JObject(), offline: false);

        var pump = Pump(outbox, (action, _, _) => action == "StartTransaction"
            ? throw new OcppCallFailedException(action, "FormationViolation", "bad")
            : Task.FromResult(new JObject()), ct);

        Assert.That(async () => await first, Throws.InstanceOf<OcppCallFailedException>());
        Assert.That(await second, Is.Not.Null);
        await outbox.WhenEmptyAsync(ct);
        await pump.StopAsync();
    }

    [Test]
    public async Task WhenEmpty_CompletesOnlyAfterTheLastAnswer(CancellationToken ct)
    {
        var outbox = new TransactionOutbox();
        var release = new TaskCompletionSource<JObject>();
        var sending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = outbox.Enqueue("MeterValues", new JObject(), offline: false);

        var pump = Pump(outbox, (_, _, _) =>
        {
            sending.TrySetResult();
            return release.Task;
        }, ct);
        var empty = outbox.WhenEmptyAsync(ct);
        // The message is on its way and its answer outstanding: the outbox is not empty yet.
        await sending.Task.WaitAsync(ct);

        Assert.That(empty.IsCompleted, Is.False);
        release.SetResult(new JObject());
        await empty;
        Assert.That((answer.IsCompletedSuccessfully, outbox.Count), Is.EqualTo((true, 0)));
        await pump.StopAsync();
    }

    [Test]
    public void Abandon_FailsWhatIsStillQueued()
    {
        var outbox = new TransactionOutbox();
        var answer = outbox.Enqueue("StopTransaction", new JObject(), offline: true);

        Assert.That(outbox.Abandon("shutdown"), Is.EqualTo(1));
        Assert.That(async () => await answer, Throws.InstanceOf<OperationCanceledException>());
    }

    private static RunningPump Pump(TransactionOutbox outbox, Func<string, JObject, CancellationToken, Task<JObject>> send, CancellationToken ct)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        return new RunningPump(outbox.PumpAsync(send, TimeSpan.FromMilliseconds(1), TimeProvider.System, stop.Token), stop);
    }

    private sealed record RunningPump(Task Task, CancellationTokenSource Stop)
    {
        public async Task StopAsync()
        {
            await Stop.CancelAsync();
            Assert.That(async () => await Task, Throws.InstanceOf<OperationCanceledException>());
            Stop.Dispose();
        }
    }
}
