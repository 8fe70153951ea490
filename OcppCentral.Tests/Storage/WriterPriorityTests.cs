using OcppCentral.Storage;

namespace OcppCentral.Tests.Storage;

public class WriterPriorityTests
{
    [Test]
    public void TryRaiseCurrentThread_SaysTruthfullyWhetherTheThreadNowRunsAtTheHigherPriority()
    {
        string? outcome = null;
        int? before = null, nice = null;
        var thread = new Thread(() =>
        {
            before = OperatingSystem.IsLinux() ? NiceOfThisThread() : null;
            outcome = WriterPriority.TryRaiseCurrentThread();
            nice = OperatingSystem.IsLinux() ? NiceOfThisThread() : null;
        });
        thread.Start();
        thread.Join();

        if (!OperatingSystem.IsLinux())
            Assert.That(outcome, Is.Not.Null);
        else if (outcome is null)
            Assert.That(nice, Is.EqualTo(WriterPriority.Nice), "raised, so the kernel reports the new nice value");
        else
            Assert.That((outcome, nice), Is.EqualTo(("raising it needs CAP_SYS_NICE", before)), "refused, so the thread keeps its priority");
    }

    /// <summary>Field 19 of /proc/self/task/TID/stat; the fields after the command name, in parentheses, start at field 3.</summary>
    private static int NiceOfThisThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], System.Globalization.CultureInfo.InvariantCulture);
    }
}
