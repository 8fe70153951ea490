using Dapper;
using Microsoft.Data.Sqlite;
using OcppCentral.Cluster;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Cluster;

/// <summary>docs/deployment.md: how an instance is named, and that a single instance on SQLite runs as before.</summary>
[CancelAfter(60_000)]
public class InstanceIdentityTests
{
    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [TestCase("has space")]
    [TestCase("colon:in")]
    [TestCase("a-name-that-is-far-too-long-to-be-an-instance-id-of-a-cluster-member")]
    public async Task Start_BadInstanceId_FailsWithOneLineReasonNamingTheSwitch(string id)
    {
        var path = TempDatabase.NewPath();
        await using var app = Program.Build(["--urls", "http://127.0.0.1:0", "--database", path, "--instance-id", id]);

        var ex = await Assert.ThrowsAsync<StartupException>(() => OcppCentralApp.StartAsync(app));

        Assert.That(ex!.Message, Does.Contain("--instance-id").And.Not.Contain("\n"));
        TempDatabase.Delete(path);
    }

    [Test]
    public async Task Start_InstanceTimeoutBelowThreeHeartbeats_FailsWithOneLineReason()
    {
        var path = TempDatabase.NewPath();
        await using var app = Program.Build(["--urls", "http://127.0.0.1:0", "--database", path,
            "--Cluster:HeartbeatInterval", "00:00:05", "--Cluster:InstanceTimeout", "00:00:10"]);

        var ex = await Assert.ThrowsAsync<StartupException>(() => OcppCentralApp.StartAsync(app));

        Assert.That(ex!.Message, Does.Contain("Cluster:InstanceTimeout").And.Not.Contain("\n"));
        TempDatabase.Delete(path);
    }

    [Test]
    public async Task Start_GivenInstanceId_IsThatInstance()
    {
        await using var server = await TestServer.StartAsync("--instance-id", "eu-west.node_2");

        Assert.That(server.GetService<InstanceIdentity>().Id, Is.EqualTo("eu-west.node_2"));
    }

    [Test]
    public async Task Start_WithoutInstanceId_NamesItselfByHostAndARandomSuffixEachStart()
    {
        await using var first = await TestServer.StartAsync();
        var firstId = first.GetService<InstanceIdentity>().Id;
        await first.RestartAsync();
        var secondId = first.GetService<InstanceIdentity>().Id;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(firstId, Does.Match("^[A-Za-z0-9._-]+-[0-9a-f]{6}$"));
            Assert.That(secondId, Is.Not.EqualTo(firstId), "a restarted instance is never taken for the one before");
        }
    }

    [Test, Platform(Exclude = "Win", Reason = "runs the server as a process")]
    public async Task Start_LogsTheInstanceIdOnceAtStart()
    {
        var path = TempDatabase.NewPath();
        try
        {
            await using var server = await ServerProcess.StartAsync(path, Ct, "--instance-id", "logged-7");

            var line = await server.WaitForLineAsync(l => l.Contains("Instance ", StringComparison.Ordinal), Ct);

            Assert.That(line, Does.Contain("Instance logged-7 on ").And.Contain(path));
        }
        finally
        {
            TempDatabase.Delete(path);
        }
    }

    [Test]
    public async Task Sqlite_ConnectAndCommand_RecordNothingOfAClusterAndAnswerAsBefore()
    {
        await using var server = await TestServer.StartAsync(TestBackend.Sqlite, TimeProvider.System);
        await using (var charger = await Chargers.BootAsync(server, "CP-ALONE", ct: Ct))
        {
            charger.ServerCallHandler = _ => Task.FromResult<object>(new { status = "Accepted" });
            using var answered = await server.Http.PostAsync("/api/chargepoints/CP-ALONE/commands/ClearCache", null, Ct);
            Assert.That((int)answered.StatusCode, Is.EqualTo(200));
        }
        using var notConnected = await server.Http.PostAsync("/api/chargepoints/CP-NOWHERE/commands/ClearCache", null, Ct);

        await using var database = new SqliteConnection($"Data Source={server.DatabasePath};Mode=ReadOnly");
        using (Assert.EnterMultipleScope())
        {
            Assert.That((int)notConnected.StatusCode, Is.EqualTo(404));
            Assert.That(await database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cluster_instances"), Is.Zero);
            Assert.That(await database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM charger_connections"), Is.Zero);
            Assert.That(await database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM commands WHERE target_instance IS NOT NULL OR payload IS NOT NULL"), Is.Zero);
        }
    }
}
