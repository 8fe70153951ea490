using System.Diagnostics;
using System.Globalization;
using NUnit.Framework.Interfaces;

namespace OcppCentral.Tests.TestSupport;

/// <summary>
/// With <c>CHARGEMONITOR_TEST_CPU_LOG</c> naming a file, appends a line before and after each test: the real seconds
/// since the run began, the CPU-seconds the test host and its reaped child processes used so far, and the test's fixture
/// and name. Run one fixture at a time (<c>-- NUnit.NumberOfTestWorkers=1</c>) and the CPU between two lines belongs to
/// one test, or, between fixtures, to one's one-time tear-down and the next one's set-up (docs/testing.md).
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class FixtureCpuLogAttribute : Attribute, ITestAction
{
    private static readonly string? LogPath = Environment.GetEnvironmentVariable("CHARGEMONITOR_TEST_CPU_LOG");
    private static readonly Stopwatch Clock = Stopwatch.StartNew();
    private static readonly Lock Gate = new();

    public ActionTargets Targets => ActionTargets.Test;

    public void BeforeTest(ITest test) => Write("start", test);

    public void AfterTest(ITest test) => Write("end", test);

    private static void Write(string what, ITest test)
    {
        if (LogPath is null)
            return;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{Clock.Elapsed.TotalSeconds:0.000}\t{CpuSeconds():0.00}\t{what}\t{Fixture(test)?.FullName}\t{test.Name}\n");
        lock (Gate)
            File.AppendAllText(LogPath, line);
    }

    private static ITest? Fixture(ITest test)
    {
        var suite = test.Parent;
        while (suite is not null && suite.TestType != "TestFixture")
            suite = suite.Parent;
        return suite;
    }

    /// <summary>User and system time of this process and of its children that have been waited for (/proc/self/stat).</summary>
    private static double CpuSeconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        // After the command name: state is field 3, so utime, stime, cutime and cstime (fields 14 to 17) are at 11 to 14.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        double ticks = 0;
        for (var i = 11; i <= 14; i++)
            ticks += long.Parse(fields[i], CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }
}
