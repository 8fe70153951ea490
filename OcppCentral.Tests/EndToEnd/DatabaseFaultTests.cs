extern alias sim;
using System.Net;
using OcppCentral.Tests.TestSupport;
using sim::ChargeMonitor.Simulator.Client;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// The database file deleted or made unwritable under the real server process: transaction messages are refused
/// with InternalError instead of acknowledged into a file that is gone (or ending the process), /health and
/// /health/ready fail, and the log says why (docs/operations.md, Database faults).
/// </summary>
[CancelAfter(120_000), Platform(Exclude = "Win", Reason = "unlinks an open file and uses Unix permissions")]
public class DatabaseFaultTests : ProcessDatabaseTests
{
    private static object MeterValue(long transactionId, int second) => new
    {
        connectorId = 1, transactionId,
        meterValue = new[]
        {
            new
            {
                timestamp = new DateTimeOffset(2026, 3, 2, 8, 0, second, TimeSpan.Zero).ToString("yyyy-MM-ddTHH:mm:ssZ"),
                sampledValue = new[] { new { value = (10_000 + second).ToString(System.Globalization.CultureInfo.InvariantCulture) } },
            },
        },
    };

    private static object Start(int connectorId) =>
        new { connectorId, idTag = "DRIVER", meterStart = 10_000, timestamp = "2026-03-02T08:00:00Z" };

    private static async Task<string?> RefusalAsync(OcppClient charger, string action, object payload)
    {
        try
        {
            await charger.CallAsync(action, payload, Ct);
            return null;
        }
        catch (OcppCallFailedException refused)
        {
            return refused.ErrorCode;
        }
    }

    private static async Task<(HttpStatusCode Health, HttpStatusCode Live, HttpStatusCode Ready)> ProbeAsync(ServerProcess server)
    {
        using var health = await server.Http.GetAsync("/health", Ct);
        using var live = await server.Http.GetAsync("/health/live", Ct);
        using var ready = await server.Http.GetAsync("/health/ready", Ct);
        return (health.StatusCode, live.StatusCode, ready.StatusCode);
    }

    [Test]
    public async Task DeletedUnderTheServer_TransactionMessagesGetInternalError_HealthFails_AndTheLogSaysWhy()
    {
        await using var server = await ServerProcess.StartAsync(DatabasePath, Ct);
        await using var charger = await Chargers.BootAsync(server.WebSocketUri, "CP-DELETED", ct: Ct);
        var transactionId = (await charger.CallAsync("StartTransaction", Start(1), Ct))["transactionId"]!.ToObject<long>();
        var before = await ProbeAsync(server);

        File.Delete(DatabasePath);
        var meterValues = await RefusalAsync(charger, "MeterValues", MeterValue(transactionId, 1));
        var start = await RefusalAsync(charger, "StartTransaction", Start(2));
        var after = await ProbeAsync(server);
        var logged = await server.WaitForLineAsync(line => line.Contains("can no longer be written", StringComparison.Ordinal), Ct);
        var refusal = await server.WaitForLineAsync(line => line.Contains("CP-DELETED MeterValues", StringComparison.Ordinal), Ct);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal, Does.Contain("refused: The database cannot be written: the file was deleted"), "each refusal in one line");
            Assert.That(before, Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK)), "a healthy server is ready");
            Assert.That((meterValues, start), Is.EqualTo(("InternalError", "InternalError")), "nothing is acknowledged into the unlinked file");
            Assert.That(after, Is.EqualTo((HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable)),
                "/health and /health/ready fail; the process still lives");
            Assert.That(logged, Does.Contain(DatabasePath).And.Contain("the file was deleted").And.Contain("inode"), "the log names the path and what changed");
        }
    }

    [Test]
    public async Task ReplacedUnderTheServer_IsNoticedAsAnotherFile()
    {
        await using var server = await ServerProcess.StartAsync(DatabasePath, Ct);
        await using var charger = await Chargers.BootAsync(server.WebSocketUri, "CP-REPLACED", ct: Ct);
        var transactionId = (await charger.CallAsync("StartTransaction", Start(1), Ct))["transactionId"]!.ToObject<long>();

        // A restore from a backup copied over the path: a new file, while the server still writes the old one.
        var copy = DatabasePath + ".copy";
        File.Copy(DatabasePath, copy);
        File.Move(copy, DatabasePath, overwrite: true);
        var meterValues = await RefusalAsync(charger, "MeterValues", MeterValue(transactionId, 1));
        var logged = await server.WaitForLineAsync(line => line.Contains("can no longer be written", StringComparison.Ordinal), Ct);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(meterValues, Is.EqualTo("InternalError"));
            Assert.That(logged, Does.Contain("the path now names another file"));
        }
    }

    [Test]
    public async Task MadeUnwritableUnderTheServer_TransactionMessagesGetInternalError_UntilWritableAgain()
    {
        await using var server = await ServerProcess.StartAsync(DatabasePath, Ct);
        await using var charger = await Chargers.BootAsync(server.WebSocketUri, "CP-READONLY", ct: Ct);
        var transactionId = (await charger.CallAsync("StartTransaction", Start(1), Ct))["transactionId"]!.ToObject<long>();

        string? refused;
        (HttpStatusCode Health, HttpStatusCode Live, HttpStatusCode Ready) unwritable;
        await FileWriteAccess.SetWritableAsync(DatabasePath, false, Ct);
        try
        {
            refused = await RefusalAsync(charger, "MeterValues", MeterValue(transactionId, 1));
            unwritable = await ProbeAsync(server);
        }
        finally
        {
            await FileWriteAccess.SetWritableAsync(DatabasePath, true, Ct);
        }
        var logged = await server.WaitForLineAsync(line => line.Contains("can no longer be written", StringComparison.Ordinal), Ct);
        var stored = await RefusalAsync(charger, "MeterValues", MeterValue(transactionId, 2));
        var writableAgain = await ProbeAsync(server);
        var recovered = await server.WaitForLineAsync(line => line.Contains("can be written again", StringComparison.Ordinal), Ct);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused, Is.EqualTo("InternalError"), "refused as on a full disk, and the process lives");
            Assert.That(unwritable, Is.EqualTo((HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable)));
            Assert.That(logged, Does.Contain($"the file {DatabasePath} is not writable"));
            Assert.That(stored, Is.Null, "stored again once the file can be written");
            Assert.That(writableAgain, Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK)));
            Assert.That(recovered, Does.Contain(DatabasePath));
        }
    }
}
