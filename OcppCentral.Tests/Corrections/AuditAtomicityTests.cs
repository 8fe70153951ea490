using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.EndToEnd.ReportSessions;

namespace OcppCentral.Tests.Corrections;

/// <summary>
/// The audit row of a change is written in the transaction that makes the change (docs/corrections.md): both are there or
/// neither. A test makes one side fail inside the writer's transaction with a trigger of its own (limited by WHEN to the rows
/// it makes, dropped afterwards): when the audit row cannot be written the change is not made, and a change that fails leaves
/// no audit row. One server for the fixture; each test on ids of its own.
/// </summary>
[CancelAfter(60_000)]
public class AuditAtomicityTests : SharedServerTests
{
    private const string Tariff = """{"name":"A","currency":"SEK","timeZone":"UTC","energyPrice":2,"taxPercent":25}""";

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return Server.Http.SendAsync(request);
    }

    private async Task<HttpStatusCode> StatusAsync(HttpMethod method, string path, string? json = null)
    {
        using var response = await SendAsync(method, path, json);
        return response.StatusCode;
    }

    /// <summary>Runs <paramref name="sql"/> on a connection of the test's own, beside the server's.</summary>
    private async Task ExecuteAsync(string sql)
    {
        await using var connection = Server.OpenDatabaseConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>While the trigger <paramref name="name"/> refuses what <paramref name="when"/> selects on <paramref name="table"/>, runs <paramref name="act"/>.</summary>
    private async Task WithRefusalAsync(string name, string table, string operation, string when, Func<Task> act)
    {
        var postgres = Server.Backend == TestBackend.Postgres;
        await ExecuteAsync(postgres
            ? $"""
              CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
              CREATE TRIGGER {name} BEFORE {operation} ON {table} FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION {name}();
              """
            : $"CREATE TRIGGER {name} BEFORE {operation} ON {table} WHEN {when} BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;");
        try
        {
            await act();
        }
        finally
        {
            await ExecuteAsync(postgres ? $"DROP TRIGGER {name} ON {table}; DROP FUNCTION {name}();" : $"DROP TRIGGER {name};");
        }
    }

    private async Task<JsonArray> AuditOfAsync(string pathPart) =>
        new((await Server.GetJsonAsync<JsonArray>("/api/audit")).Where(e => e!["path"]!.GetValue<string>().Contains(pathPart))
            .Select(e => e!.DeepClone()).ToArray());

    private async Task<long> FirstAnomalyIdAsync(string chargePointId) =>
        (await Server.GetJsonAsync<JsonObject>($"/api/anomalies?chargePointId={chargePointId}"))["sessions"]![0]!["anomalies"]![0]!["id"]!.GetValue<long>();

    [Test]
    public async Task WhenItsAuditRowCannotBeWritten_NoChangeIsMade()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-ATOM-A");
        var session = await ChargeAsync(charger, 1, "DRIVER", Day, TimeSpan.FromMinutes(30), 0);
        var anomaly = await FirstAnomalyIdAsync("CP-ATOM-A");
        (await SendAsync(HttpMethod.Put, "/api/idtags/ATOMKEEP", """{"status":"Accepted"}""")).EnsureSuccessStatusCode();
        var statuses = new List<HttpStatusCode>();

        await WithRefusalAsync("refuse_atom_audit", "audit_log", "INSERT", "NEW.path LIKE '%ATOM%' OR NEW.path LIKE '%/corrections' OR NEW.path LIKE '/api/anomalies/%'",
            async () =>
            {
                statuses.Add(await StatusAsync(HttpMethod.Put, "/api/tariffs/ATOM-T", Tariff));
                statuses.Add(await StatusAsync(HttpMethod.Put, "/api/idtags/ATOMTAG", """{"status":"Blocked"}"""));
                statuses.Add(await StatusAsync(HttpMethod.Delete, "/api/idtags/ATOMKEEP"));
                statuses.Add(await StatusAsync(HttpMethod.Put, "/api/chargepoints/CP-ATOM-NEW", """{"name":"Never"}"""));
                statuses.Add(await StatusAsync(HttpMethod.Post, $"/api/sessions/{session}/corrections", """{"kind":"void","reason":"Test charge"}"""));
                statuses.Add(await StatusAsync(HttpMethod.Patch, $"/api/anomalies/{anomaly}", """{"status":"Acknowledged"}"""));
            });

        var sessionRecord = await Server.GetJsonAsync<JsonObject>($"/api/sessions/{session}");
        var decided = await Server.GetJsonAsync<JsonObject>($"/api/anomalies/{anomaly}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(await StatusAsync(HttpMethod.Get, "/api/tariffs/ATOM-T"), Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await StatusAsync(HttpMethod.Get, "/api/tariffs/ATOM-T/versions"), Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await StatusAsync(HttpMethod.Get, "/api/idtags/ATOMTAG"), Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await StatusAsync(HttpMethod.Get, "/api/idtags/ATOMKEEP"), Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await StatusAsync(HttpMethod.Get, "/api/chargepoints/CP-ATOM-NEW"), Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(sessionRecord["version"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(sessionRecord["voided"]?.GetValue<bool>() ?? false, Is.False);
            Assert.That((await Server.GetJsonAsync<JsonArray>($"/api/sessions/{session}/versions")).Count, Is.EqualTo(1));
            Assert.That(decided["status"]!.GetValue<string>(), Is.EqualTo("Open"));
            Assert.That(await AuditOfAsync("ATOMTAG"), Is.Empty);
        }
    }

    [Test]
    public async Task AChangeThatFailsInItsTransaction_LeavesNoAuditRow()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-ATOM-B");
        var session = await ChargeAsync(charger, 1, "DRIVER", Day, TimeSpan.FromMinutes(30), 0);
        var anomaly = await FirstAnomalyIdAsync("CP-ATOM-B");
        var statuses = new List<HttpStatusCode>();

        await WithRefusalAsync("refuse_atom_tariff", "tariff_versions", "INSERT", "NEW.tariff_id = 'ATOM-B'",
            async () => statuses.Add(await StatusAsync(HttpMethod.Put, "/api/tariffs/ATOM-B", Tariff)));
        await WithRefusalAsync("refuse_atom_tag", "id_tags", "INSERT", "NEW.id_tag = 'ATOMB'",
            async () => statuses.Add(await StatusAsync(HttpMethod.Put, "/api/idtags/ATOMB", """{"status":"Blocked"}""")));
        await WithRefusalAsync("refuse_atom_version", "session_versions", "INSERT", $"NEW.transaction_id = {session}",
            async () => statuses.Add(await StatusAsync(HttpMethod.Post, $"/api/sessions/{session}/corrections", """{"kind":"void","reason":"Test"}""")));
        await WithRefusalAsync("refuse_atom_decision", "session_anomalies", "UPDATE", $"OLD.id = {anomaly}",
            async () => statuses.Add(await StatusAsync(HttpMethod.Patch, $"/api/anomalies/{anomaly}", """{"status":"Acknowledged"}""")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(await AuditOfAsync("ATOM-B"), Is.Empty);
            Assert.That(await AuditOfAsync("ATOMB"), Is.Empty);
            Assert.That(await AuditOfAsync($"/api/sessions/{session}/"), Is.Empty);
            Assert.That(await AuditOfAsync($"/api/anomalies/{anomaly}"), Is.Empty);
        }
    }

    [Test]
    public async Task EveryKindOfChange_IsAuditedOnceWithItsChange_OldestFirst()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-ATOM-C");
        charger.ServerCallHandler = _ => Task.FromResult<object>(new JObject { ["status"] = "Accepted" });
        var session = await ChargeAsync(charger, 1, "DRIVER", Day, TimeSpan.FromMinutes(30), 0);
        var anomaly = await FirstAnomalyIdAsync("CP-ATOM-C");
        var before = (await Server.GetJsonAsync<JsonArray>("/api/audit")).Count;

        var steps = new (HttpMethod Method, string Path, string? Body, string Category)[]
        {
            (HttpMethod.Put, "/api/tariffs/ATOM-C", Tariff, "tariffChange"),
            (HttpMethod.Put, "/api/chargepoints/CP-ATOM-C2", """{"name":"Second"}""", "chargerChange"),
            (HttpMethod.Put, "/api/idtags/ATOMC", """{"status":"Blocked"}""", "idTagChange"),
            (HttpMethod.Post, "/api/chargepoints/CP-ATOM-C/commands/ClearCache", "{}", "remoteCommand"),
            (HttpMethod.Post, $"/api/sessions/{session}/corrections", """{"kind":"void","reason":"Test charge"}""", "correction"),
            (HttpMethod.Patch, $"/api/anomalies/{anomaly}", """{"status":"Acknowledged"}""", "anomalyDecision"),
            (HttpMethod.Delete, "/api/idtags/ATOMC", null, "idTagChange"),
            (HttpMethod.Delete, "/api/chargepoints/CP-ATOM-C2", null, "chargerChange"),
            (HttpMethod.Delete, "/api/tariffs/ATOM-C", null, "tariffChange"),
        };
        foreach (var (method, path, body, _) in steps)
            (await SendAsync(method, path, body)).EnsureSuccessStatusCode();
        using var refused = await SendAsync(HttpMethod.Delete, "/api/idtags/ATOMC");

        var audit = (await Server.GetJsonAsync<JsonArray>("/api/audit")).Skip(before)
            .Where(e => e!["path"]!.GetValue<string>().Contains("ATOM") || e["path"]!.GetValue<string>().Contains($"/{session}/")
                        || e["path"]!.GetValue<string>() == $"/api/anomalies/{anomaly}").ToList();
        var ats = audit.Select(e => DateTimeOffset.Parse(e!["at"]!.GetValue<string>())).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(audit.Select(e => (e!["method"]!.GetValue<string>(), e["path"]!.GetValue<string>(), e["category"]!.GetValue<string>())),
                Is.EqualTo(steps.Select(s => (s.Method.Method, s.Path, s.Category))));
            Assert.That(audit.Select(e => e!["status"]!.GetValue<int>()), Is.EqualTo(new[] { 200, 200, 200, 200, 201, 200, 204, 204, 204 }));
            Assert.That(audit.Select(e => e!["actor"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { "local" }));
            Assert.That(ats, Is.Ordered);
            Assert.That(audit[3]!["detail"]!.GetValue<string>(), Does.StartWith("command ").And.EndWith(": Answered"));
            Assert.That(audit[4]!["detail"]!.GetValue<string>(), Is.EqualTo("void → version 2: Test charge"));
        }
    }
}
