using System.Text.Json;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// <c>--log-format json</c>: the real server process writes its console log as JSON lines, and what it logs while
/// handling a charger's transaction message carries the charger id and the transaction id as fields
/// (docs/operations.md, Logs).
/// </summary>
[CancelAfter(120_000), Platform(Exclude = "Win", Reason = "stops the server with SIGTERM")]
public class JsonLogTests
{
    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    /// <summary>Every name a scope of this line gives a value, with its value.</summary>
    private static Dictionary<string, JsonElement> ScopeFields(JsonElement line)
    {
        var fields = new Dictionary<string, JsonElement>();
        if (line.TryGetProperty("Scopes", out var scopes))
        {
            foreach (var scope in scopes.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object))
            {
                foreach (var field in scope.EnumerateObject())
                    fields[field.Name] = field.Value;
            }
        }
        return fields;
    }

    [Test]
    public async Task JsonFormat_EveryLineIsJson_AndAStartedTransactionIsLoggedWithChargerAndTransactionIdFields()
    {
        var database = TempDatabase.NewPath();
        try
        {
            await using var server = await ServerProcess.StartAsync(database, Ct, "--log-format", "json", "--Logging:LogLevel:Default", "Information");
            long transactionId;
            await using (var charger = await Chargers.BootAsync(server.WebSocketUri, "CP-JSON-LOG", ct: Ct))
            {
                var start = await charger.CallAsync("StartTransaction",
                    new { connectorId = 1, idTag = "DRIVER", meterStart = 10_000, timestamp = "2026-03-02T08:00:00Z" }, Ct);
                transactionId = start["transactionId"]!.ToObject<long>();
            }
            await server.TerminateAsync(Ct);
            await server.WaitForExitAsync(Ct);

            var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var parsed = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
            var started = parsed.Where(line => line.GetProperty("Message").GetString()!.Contains("started transaction", StringComparison.Ordinal)).ToList();
            Assert.That(started, Has.Count.EqualTo(1), server.Output);
            var fields = ScopeFields(started[0]);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(lines, Has.Length.GreaterThan(3), "the start, the connection and the transaction are logged");
                Assert.That(started[0].GetProperty("LogLevel").GetString(), Is.EqualTo("Information"));
                Assert.That(fields.GetValueOrDefault("ChargePointId").ToString(), Is.EqualTo("CP-JSON-LOG"), started[0].ToString());
                Assert.That(fields.GetValueOrDefault("TransactionId").ToString(), Is.EqualTo(transactionId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                Assert.That(parsed.Count(line => ScopeFields(line).GetValueOrDefault("ChargePointId").ToString() == "CP-JSON-LOG"), Is.GreaterThan(1),
                    "every line about the charger carries its id, not only the transaction's");
            }
        }
        finally
        {
            TempDatabase.Delete(database);
        }
    }

    [Test]
    public async Task LogFormat_Unknown_RefusesToStartInOneLine()
    {
        var path = TempDatabase.NewPath();
        using var error = new StringWriter();

        var exitCode = await OcppCentralApp.RunAsync(["--urls", "http://127.0.0.1:0", "--database", path, "--log-format", "xml"], error)
            .WaitAsync(Ct);

        Assert.That((exitCode, error.ToString()), Is.EqualTo((1, $"ChargeMonitor cannot start: --log-format must be text or json, not 'xml'{Environment.NewLine}")));
        Assert.That(File.Exists(path), Is.False, "the database is not even created");
    }
}
