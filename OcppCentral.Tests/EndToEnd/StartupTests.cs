using System.Net;
using System.Net.Sockets;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>docs/operations.md: a one-line reason and a non-zero exit when the database cannot be opened or the port is taken.</summary>
[CancelAfter(30_000)]
public class StartupTests
{
    [Test]
    public async Task Start_DatabaseInMissingFolder_FailsWithOneLineReason()
    {
        await using var app = Program.Build(["--urls", "http://127.0.0.1:0", "--database", "/nonexistent-folder/x/chargemonitor.db"]);

        var ex = await Assert.ThrowsAsync<StartupException>(() => OcppCentralApp.StartAsync(app));

        Assert.That(ex!.Message, Does.StartWith("cannot open database").And.Not.Contain("\n"));
    }

    [Test]
    public async Task Start_SampleLimitOutOfRange_FailsWithOneLineReason()
    {
        var path = TempDatabase.NewPath();
        await using var app = Program.Build(["--urls", "http://127.0.0.1:0", "--database", path, "--max-samples-per-session", "0"]);

        var ex = await Assert.ThrowsAsync<StartupException>(() => OcppCentralApp.StartAsync(app));

        Assert.That(ex!.Message, Does.Contain("--max-samples-per-session").And.Not.Contain("\n"));
        TempDatabase.Delete(path);
    }

    [Test]
    public async Task Start_PortTaken_FailsWithOneLineReason()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var path = TempDatabase.NewPath();
        await using var app = Program.Build(["--urls", $"http://127.0.0.1:{port}", "--database", path]);

        var ex = await Assert.ThrowsAsync<StartupException>(() => OcppCentralApp.StartAsync(app));

        Assert.That(ex!.Message, Does.Contain("already in use").And.Not.Contain("\n"));
        TempDatabase.Delete(path);
    }

    [Test]
    public async Task Start_MisspelledOption_PrintsOneLineNamingTheClosestAndDoesNotStart()
    {
        var path = TempDatabase.NewPath();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(path, TestContext.CurrentContext.CancellationToken, "--admin-kye", "secret"));

        Assert.That(ex!.Message, Is.EqualTo("ChargeMonitor cannot start: unknown option --admin-kye; did you mean --admin-key?"));
        TempDatabase.Delete(path);
    }

    [Test]
    public async Task RunAsync_MisspelledOption_ExitsOne()
    {
        var path = TempDatabase.NewPath();

        // The reason is captured, not printed: a green test run shows no "cannot start" lines.
        using var error = new StringWriter();

        // Waited for with the test's token: a server that did start would run until stopped.
        var exitCode = await OcppCentralApp.RunAsync(["--urls", "http://127.0.0.1:0", "--database", path, "--admin-kye", "secret"], error)
            .WaitAsync(TestContext.CurrentContext.CancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.EqualTo(1));
            Assert.That(error.ToString(), Is.EqualTo($"ChargeMonitor cannot start: unknown option --admin-kye; did you mean --admin-key?{Environment.NewLine}"));
            Assert.That(File.Exists(path), Is.False, "the database is not even created");
        }
    }

    [Test]
    public async Task RunAsync_PortTaken_ExitsNonZero()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var path = TempDatabase.NewPath();

        // The reason is captured, not printed: a green test run shows no "cannot start" lines.
        using var error = new StringWriter();

        var exitCode = await OcppCentralApp.RunAsync(["--urls", $"http://127.0.0.1:{port}", "--database", path], error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.EqualTo(1));
            Assert.That(error.ToString(), Does.StartWith("ChargeMonitor cannot start: ").And.Contain("already in use"));
        }
        TempDatabase.Delete(path);
    }

    [Test]
    public async Task Start_FailedAfterMigrations_SeedsTheDefaultTariffAtTheNextStart()
    {
        var path = TempDatabase.NewPath();
        try
        {
            // The first start creates the schema, then stops on a bad DefaultTariff.
            await using (var failing = Program.Build(["--urls", "http://127.0.0.1:0", "--database", path, "--DefaultTariff:taxPercent", "150"]))
            {
                var ex = await Assert.ThrowsAsync<StartupException>(() => OcppCentralApp.StartAsync(failing));
                Assert.That(ex!.Message, Does.Contain("DefaultTariff").And.Contain("taxPercent"));
            }

            await using var fixedUp = Program.Build(["--urls", "http://127.0.0.1:0", "--database", path, "--Logging:LogLevel:Default", "Warning"]);
            await OcppCentralApp.StartAsync(fixedUp);
            using var http = new HttpClient { BaseAddress = new Uri(fixedUp.Urls.First()) };
            using var response = await http.GetAsync("/api/tariffs/default");

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            await fixedUp.StopAsync();
        }
        finally
        {
            TempDatabase.Delete(path);
        }
    }

    [Test]
    public async Task Start_AfterTheDefaultTariffWasDeleted_DoesNotSeedItAgain()
    {
        var path = TempDatabase.NewPath();
        string[] args = ["--urls", "http://127.0.0.1:0", "--database", path, "--Logging:LogLevel:Default", "Warning"];
        try
        {
            await using (var first = Program.Build(args))
            {
                await OcppCentralApp.StartAsync(first);
                using var http = new HttpClient { BaseAddress = new Uri(first.Urls.First()) };
                Assert.That((await http.DeleteAsync("/api/tariffs/default")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
                await first.StopAsync();
            }

            await using var second = Program.Build(args);
            await OcppCentralApp.StartAsync(second);
            using var again = new HttpClient { BaseAddress = new Uri(second.Urls.First()) };
            using var response = await again.GetAsync("/api/tariffs/default");

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the operator's deletion stands");
            await second.StopAsync();
        }
        finally
        {
            TempDatabase.Delete(path);
        }
    }
}
