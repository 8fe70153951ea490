using OcppCentral.Protocol;

namespace OcppCentral.Tests.Protocol;

/// <summary>
/// The work a handler leaves for after its answer (docs/charger-display.md): taken once, in order, and none lost when a
/// handler registers while the connection takes.
/// </summary>
public class OcppRequestContextTests
{
    private static OcppRequestContext Context() => new("CP-1", "1", DateTimeOffset.UnixEpoch, """[2,"1","Heartbeat",{}]""");

    private static Func<CancellationToken, Task> Work(int mark, List<int> done) => _ =>
    {
        done.Add(mark);
        return Task.CompletedTask;
    };

    [Test]
    public void TakeAfterAnswer_NothingRegistered_IsEmpty() => Assert.That(Context().TakeAfterAnswer(), Is.Empty);

    [Test]
    public async Task TakeAfterAnswer_TakesTheWorkInOrder_Once()
    {
        var context = Context();
        var done = new List<int>();
        context.AfterAnswer(Work(1, done));
        context.AfterAnswer(Work(2, done));

        foreach (var work in context.TakeAfterAnswer())
            await work(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(done, Is.EqualTo(new[] { 1, 2 }));
            Assert.That(context.TakeAfterAnswer(), Is.Empty);
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task AfterAnswer_WhileTaken_EveryWorkIsTakenExactlyOnce()
    {
        var context = Context();
        const int PerThread = 20_000;
        var taken = new List<Func<CancellationToken, Task>>();
        var registered = Enumerable.Range(0, 2 * PerThread).Select(_ => (Func<CancellationToken, Task>)(_ => Task.CompletedTask)).ToArray();
        using var go = new Barrier(3);
        var writers = new[] { 0, 1 }.Select(t => Task.Run(() =>
        {
            go.SignalAndWait();
            for (var i = 0; i < PerThread; i++)
                context.AfterAnswer(registered[t * PerThread + i]);
        })).ToArray();
        var reader = Task.Run(() =>
        {
            go.SignalAndWait();
            while (!writers.All(w => w.IsCompleted))
                taken.AddRange(context.TakeAfterAnswer());
        });
        await Task.WhenAll(writers);
        await reader;
        taken.AddRange(context.TakeAfterAnswer());

        Assert.That(taken, Is.EquivalentTo(registered));
    }
}
