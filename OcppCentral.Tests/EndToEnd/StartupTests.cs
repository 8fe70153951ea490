using System.Net;
using System.Net.Sockets;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>SPEC 2: a one-line reason and a non-zero exit when the database cannot be opened or the port is taken.</summary>
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
    public async Task RunAsync_PortTaken_ExitsNonZero()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var path = TempDatabase.NewPath();

        Assert.That(await OcppCentralApp.RunAsync(["--urls", $"http://127.0.0.1:{port}", "--database", path]), Is.EqualTo(1));
        TempDatabase.Delete(path);
    }
}
