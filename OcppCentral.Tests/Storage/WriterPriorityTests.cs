using Microsoft.Extensions.Logging.Abstractions;
using OcppCentral.Storage;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Storage;

public class WriterPriorityTests : TempDatabaseTests
{
    [Test]
    public void TryRaiseCurrentThread_SaysTruthfullyWhetherTheThreadNowRunsAtTheHigherPriority()
    {
        string? outcome = null;
        int? before = null, nice = null;
        OnNewThread(() =>
        {
            before = NiceOfThisThread();
            outcome = WriterPriority.TryRaiseCurrentThread();
            nice = NiceOfThisThread();
        });

        if (!OperatingSystem.IsLinux())
            Assert.That(outcome, Is.Not.Null);
        else if (outcome is null)
            Assert.That(nice, Is.EqualTo(WriterPriority.Nice), "raised, so the kernel reports the new nice value");
        else
            Assert.That((outcome, nice), Is.EqualTo(("raising it needs CAP_SYS_NICE", before)), "refused, so the thread keeps its priority");
    }

    [Test]
    public void ResetCurrentThread_ThreadsStartedAfterwardsRunAtNormalPriority()
    {
        int? before = null, inheritedWhileRaised = null, inheritedAfterReset = null, afterReset = null;
        string? outcome = null;
        OnNewThread(() =>
        {
            before = NiceOfThisThread();
            outcome = WriterPriority.TryRaiseCurrentThread();
            OnNewThread(() => inheritedWhileRaised = NiceOfThisThread());
            if (outcome is null)
                WriterPriority.ResetCurrentThread();
            afterReset = NiceOfThisThread();
            OnNewThread(() => inheritedAfterReset = NiceOfThisThread());
        });

        // Why the writer steps down before completing writes: a thread starts at its creator's priority.
        if (outcome is null)
            Assert.That((inheritedWhileRaised, afterReset, inheritedAfterReset), Is.EqualTo(((int?)WriterPriority.Nice, (int?)0, (int?)0)));
        else
            Assert.That((inheritedWhileRaised, afterReset, inheritedAfterReset), Is.EqualTo((before, before, before)), "not raised: nothing changes");
    }

    [Test]
    public async Task StorageWriter_AfterCompletingABatch_RunsTheNextOneAtItsPriorityAgain()
    {
        await using var writer = new StorageWriter(Database, NullLogger<StorageWriter>.Instance);
        var first = await writer.WriteAsync((_, _) => NiceOfThisThread());

        var second = await writer.WriteAsync((_, _) => NiceOfThisThread());

        // Raised or not (that depends on CAP_SYS_NICE), every batch runs at the writer's own priority.
        Assert.That(second, Is.EqualTo(first));
        if (OperatingSystem.IsLinux() && WriterPriorityIsAllowed())
            Assert.That(second, Is.EqualTo(WriterPriority.Nice));
    }

    private static bool WriterPriorityIsAllowed()
    {
        string? outcome = "not run";
        OnNewThread(() => outcome = WriterPriority.TryRaiseCurrentThread());
        return outcome is null;
    }

    private static void OnNewThread(Action action)
    {
        var thread = new Thread(() => action());
        thread.Start();
        thread.Join();
    }

    /// <summary>Field 19 of /proc/thread-self/stat; the fields after the command name, in parentheses, start at field 3.</summary>
    private static int? NiceOfThisThread()
    {
        if (!OperatingSystem.IsLinux())
            return null;
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], System.Globalization.CultureInfo.InvariantCulture);
    }
}
