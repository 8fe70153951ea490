using System.Net.WebSockets;
using Dapper;
using Microsoft.Data.Sqlite;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// Graceful shutdown of the real server process: SIGTERM while a charger is sending, as a service manager or a
/// container runtime stops it.
/// </summary>
[CancelAfter(60_000), Platform(Exclude = "Win", Reason = "sends SIGTERM")]
public class ReliabilityShutdownTests : ProcessDatabaseTests
{
    private static object MeterValue(long transactionId, int i) => new
    {
        connectorId = 1, transactionId,
        meterValue = new[]
        {
            new
            {
                timestamp = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero).AddSeconds(i).ToString("yyyy-MM-ddTHH:mm:ssZ"),
                sampledValue = new[] { new { value = (10_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture) } },
            },
        },
    };

    [Test]
    public async Task Sigterm_WhileAChargerSends_ClosesWith1001_KeepsEveryAcknowledgedMessage_AndExitsZero()
    {
        await using var server = await ServerProcess.StartAsync(DatabasePath, Ct);
        var charger = await Chargers.BootAsync(server.WebSocketUri, "CP-TERM", ct: Ct);
        var start = await charger.CallAsync("StartTransaction", new { connectorId = 1, idTag = "DRIVER", meterStart = 10_000, timestamp = "2026-03-02T08:00:00Z" }, Ct);
        var transactionId = start["transactionId"]!.ToObject<long>();

        // A burst the server handles one message at a time; SIGTERM lands with some handled, one in hand, the rest queued.
        using var connectionOver = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var firstAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, 200).Select(async i =>
        {
            try
            {
                await charger.CallAsync("MeterValues", MeterValue(transactionId, i), connectionOver.Token);
                firstAnswered.TrySetResult();
                return (Value: 10_000 + i, Acknowledged: true);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                return (Value: 10_000 + i, Acknowledged: false);
            }
        }).ToArray();
        await firstAnswered.Task.WaitAsync(Ct);
        await server.TerminateAsync(Ct);

        await charger.Completion.WaitAsync(Ct);
        var closeStatus = charger.CloseStatus;
        connectionOver.Cancel(); // a call still waiting now will never be answered
        var outcomes = await Task.WhenAll(calls);
        await charger.DisposeAsync();
        var exitCode = await server.WaitForExitAsync(Ct);

        await using var database = new SqliteConnection($"Data Source={DatabasePath}");
        var stored = (await database.QueryAsync<string>("SELECT value FROM meter_values WHERE transaction_id = @transactionId", new { transactionId }))
            .Select(int.Parse).ToHashSet();
        var acknowledged = outcomes.Where(o => o.Acknowledged).Select(o => o.Value).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(closeStatus, Is.EqualTo(WebSocketCloseStatus.EndpointUnavailable));
            Assert.That(exitCode, Is.Zero, server.Output);
            Assert.That(acknowledged, Is.Not.Empty);
            Assert.That(stored, Is.SupersetOf(acknowledged));
        }
    }

    [Test]
    public async Task Sigterm_Idle_ServerStopsAtOnceAndExitsZero()
    {
        await using var server = await ServerProcess.StartAsync(DatabasePath, Ct);

        await server.TerminateAsync(Ct);

        Assert.That(await server.WaitForExitAsync(Ct), Is.Zero, server.Output);
    }
}
