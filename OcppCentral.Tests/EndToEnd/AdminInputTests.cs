using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// Malformed values for every field of every admin endpoint (docs/admin-api.md): a wrong type, an overflow, a lone
/// surrogate, bytes that are not UTF-8, text too long, null where a value is required, an unknown member where the
/// endpoint refuses them. Each is a 400 ProblemDetails naming the field (or the 404/409 the docs give), never a 500.
/// </summary>
[CancelAfter(120_000)]
public class AdminInputTests : SharedServerTests
{
    private const string Tariff = """
        "name": "T", "currency": "SEK", "timeZone": "Europe/Stockholm", "energyPrice": 2.5, "taxPercent": 25
        """;

    private static readonly string TooLong = new('x', 5000);

    /// <summary>A JSON body written with <c>~</c> standing for two bytes that are not UTF-8 (0xFF 0xFE).</summary>
    private static byte[] Body(string json)
    {
        var parts = json.Split('~');
        var bytes = new List<byte>();
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
                bytes.AddRange([0xFF, 0xFE]);
            bytes.AddRange(Encoding.UTF8.GetBytes(parts[i]));
        }
        return [.. bytes];
    }

    private static TestCaseData Send(string method, string path, string? json, string field, HttpStatusCode status = HttpStatusCode.BadRequest) =>
        new TestCaseData(method, path, json, field, status).SetArgDisplayNames(method, path.Length > 60 ? path[..60] : path,
            json is null ? "-" : json.Length > 60 ? json[..60] : json, field);

    private static IEnumerable<TestCaseData> Cases()
    {
        // PUT /api/idtags/{idTag}
        const string tag = "/api/idtags/IN-1";
        yield return Send("PUT", tag, """{ "status": "Accepted", "expiryDate": "soon" }""", "expiryDate");
        yield return Send("PUT", tag, """{ "status": "Accepted", "expiryDate": "9999-12-31T23:59:59-14:00" }""", "expiryDate");
        yield return Send("PUT", tag, """{ "status": "Accepted", "expiryDate": "0001-01-01T00:00:00+14:00" }""", "expiryDate");
        yield return Send("PUT", tag, """{ "status": "Accepted", "expiryDate": 20261231 }""", "expiryDate");
        yield return Send("PUT", tag, """{ "status": "Accepted", "expiryDate": "\ud800" }""", "expiryDate");
        yield return Send("PUT", tag, """{ "status": 1 }""", "status");
        yield return Send("PUT", tag, """{ "status": null }""", "status");
        yield return Send("PUT", tag, """{ }""", "status");
        yield return Send("PUT", tag, """{ "status": "\ud800" }""", "status");
        yield return Send("PUT", tag, """{ "status": "~" }""", "status");
        yield return Send("PUT", tag, $$"""{ "status": "{{TooLong}}" }""", "status");
        yield return Send("PUT", tag, """{ "status": "Accepted", "parentIdTag": ["A"] }""", "parentIdTag");
        yield return Send("PUT", tag, """{ "status": "Accepted", "parentIdTag": "\udc00x" }""", "parentIdTag");
        yield return Send("PUT", tag, """{ "status": "Accepted", "parentIdTag": "~" }""", "parentIdTag");
        yield return Send("PUT", tag, """{ "status": "Accepted", "parentIdTag": "123456789012345678901" }""", "parentIdTag");
        yield return Send("PUT", tag, """{ "status": "Accepted", "\ud800": 1 }""", "$");
        yield return Send("PUT", "/api/idtags/123456789012345678901", """{ "status": "Accepted" }""", "idTag");
        yield return Send("PUT", tag, """[ "Accepted" ]""", "$");
        yield return Send("PUT", tag, """{ "status": "Accepted" """, "$");
        yield return Send("PUT", tag, "~", "$");

        // PUT /api/chargepoints/{id}
        const string charger = "/api/chargepoints/IN-CP";
        yield return Send("PUT", charger, """{ "password": 12345678 }""", "password");
        yield return Send("PUT", charger, """{ "password": "\ud800\ud800" }""", "password");
        yield return Send("PUT", charger, """{ "password": "~~" }""", "password");
        yield return Send("PUT", charger, $$"""{ "password": "{{TooLong}}" }""", "password");
        yield return Send("PUT", charger, """{ "tariffId": false }""", "tariffId");
        yield return Send("PUT", charger, """{ "tariffId": "\ud800" }""", "tariffId");
        yield return Send("PUT", charger, """{ "tariffId": "~" }""", "tariffId");
        yield return Send("PUT", charger, $$"""{ "tariffId": "{{TooLong}}" }""", "tariffId");
        yield return Send("PUT", charger, """{ "tariffId": "no-such-tariff" }""", "tariffId");
        yield return Send("PUT", $"/api/chargepoints/{new string('C', 100)}", """{ }""", "id");
        yield return Send("PUT", charger, """{ "name": 42 }""", "name");
        yield return Send("PUT", charger, """{ "name": "\ud800" }""", "name");
        yield return Send("PUT", charger, """{ "name": "~" }""", "name");
        yield return Send("PUT", charger, $$"""{ "name": "{{new string('n', 101)}}" }""", "name");
        yield return Send("PUT", charger, """{ "address": ["Main St 1"] }""", "address");
        yield return Send("PUT", charger, """{ "address": "Main \udc00" }""", "address");
        yield return Send("PUT", charger, """{ "address": "~" }""", "address");
        yield return Send("PUT", charger, $$"""{ "address": "{{new string('a', 201)}}" }""", "address");
        yield return Send("PUT", charger, """{ "securityProfile": "two" }""", "securityProfile");
        yield return Send("PUT", charger, """{ "securityProfile": 7 }""", "securityProfile");
        yield return Send("PUT", charger, "not json", "$");

        // POST /api/sessions/{transactionId}/feedback
        const string feedback = "/api/sessions/1/feedback";
        yield return Send("POST", feedback, """{ "rating": "5", "category": "Other" }""", "rating");
        yield return Send("POST", feedback, """{ "rating": 1e400, "category": "Other" }""", "rating");
        yield return Send("POST", feedback, """{ "rating": 99999999999999999999999, "category": "Other" }""", "rating");
        yield return Send("POST", feedback, """{ "rating": null, "category": "Other" }""", "rating");
        yield return Send("POST", feedback, """{ "rating": 5, "category": "\ud800" }""", "category");
        yield return Send("POST", feedback, """{ "rating": 5, "category": "~" }""", "category");
        yield return Send("POST", feedback, """{ "rating": 5, "category": 3 }""", "category");
        yield return Send("POST", feedback, $$"""{ "rating": 5, "category": "{{TooLong}}" }""", "category");
        yield return Send("POST", feedback, """{ "rating": 5, "category": "Other", "comment": "ok \ud800" }""", "comment");
        yield return Send("POST", feedback, """{ "rating": 5, "category": "Other", "comment": "ok ~" }""", "comment");
        yield return Send("POST", feedback, """{ "rating": 5, "category": "Other", "comment": 7 }""", "comment");
        yield return Send("POST", feedback, $$"""{ "rating": 5, "category": "Other", "comment": "{{new string('c', 2001)}}" }""", "comment");
        yield return Send("POST", feedback, "~", "body");
        yield return Send("POST", feedback, """{ "rating": 5, "category": "Other" """, "body");

        // PUT /api/tariffs/{id}
        const string tariff = "/api/tariffs/in-t";
        yield return Send("PUT", tariff, $$"""{ {{Tariff}}, "name": "\ud800" }""", "name");
        yield return Send("PUT", tariff, $$"""{ {{Tariff}}, "name": "~" }""", "name");
        yield return Send("PUT", tariff, $$"""{ {{Tariff}}, "name": "{{TooLong}}" }""", "name");
        yield return Send("PUT", $"/api/tariffs/{new string('t', 65)}", $$"""{ {{Tariff}} }""", "id");
        yield return Send("PUT", tariff, $$"""{ {{Tariff}}, "currency": "\ud800" }""", "currency");
        yield return Send("PUT", tariff, $$"""{ {{Tariff}}, "timeZone": "~" }""", "timeZone");
        yield return Send("PUT", tariff, $$"""{ {{Tariff}}, "timeZone": "Europe/{{TooLong}}" }""", "timeZone");
        yield return Send("PUT", tariff, $$"""{ {{Tariff}}, "energyPrice": 1e400 }""", "energyPrice");
        yield return Send("PUT", tariff, $$"""{ {{Tariff}}, "startFee": 79228162514264337593543950336 }""", "startFee");
        yield return Send("PUT", tariff, $$"""{ {{Tariff}}, "timePrice": "one" }""", "timePrice");
        yield return Send("PUT", tariff, $$"""{ {{Tariff}}, "taxPercent": null }""", "taxPercent");
        yield return Send("PUT", tariff, $$"""{ {{Tariff}}, "idleFee": { "perMinute": "\ud800" } }""", "idleFee.perMinute");
        yield return Send("PUT", tariff, $$"""{ {{Tariff}}, "idleFee": { "graceMinutes": -1e400, "perMinute": 1 } }""", "idleFee.graceMinutes");
        yield return Send("PUT", tariff, $$"""{ {{Tariff}}, "periods": [ { "days": ["\ud800"], "from": "10:00", "to": "11:00", "energyPrice": 1 } ] }""", "periods[0].days[0]");
        yield return Send("PUT", tariff, $$"""{ {{Tariff}}, "periods": [ { "days": ["Mon"], "from": "~", "to": "11:00", "energyPrice": 1 } ] }""", "periods[0].from");
        yield return Send("PUT", tariff, $$"""{ {{Tariff}}, "periods": [ { "days": ["Mon"], "from": "10:00", "to": 11, "energyPrice": 1 } ] }""", "periods[0].to");
        yield return Send("PUT", tariff, $$"""{ {{Tariff}}, "periods": [ null ] }""", "periods[0]");
        yield return Send("PUT", tariff, $$"""{ {{Tariff}}, "maximumPrice": true }""", "maximumPrice");
        yield return Send("PUT", tariff, $$"""{ {{Tariff}}, "minimumPrice": {} }""", "minimumPrice");
        yield return Send("PUT", tariff, $$"""{ {{Tariff}}, "surprise": 1 }""", "surprise");
        yield return Send("PUT", tariff, $$"""{ {{Tariff}}, "\udfff": 1 }""", "$");

        // POST /api/tariffs/simulate
        const string simulate = "/api/tariffs/simulate";
        const string range = "\"from\": \"2026-11-01T00:00:00Z\", \"to\": \"2026-12-01T00:00:00Z\"";
        yield return Send("POST", simulate, $$"""{ {{range}} }""", "tariff");
        yield return Send("POST", simulate, $$"""{ "tariff": 5, {{range}} }""", "tariff");
        yield return Send("POST", simulate, $$"""{ "tariff": { {{Tariff}}, "energyPrice": "x" }, {{range}} }""", "tariff.energyPrice");
        yield return Send("POST", simulate, $$"""{ "tariff": { {{Tariff}} }, "from": "soon", "to": "2026-12-01T00:00:00Z" }""", "from");
        yield return Send("POST", simulate, $$"""{ "tariff": { {{Tariff}} }, "from": "2026-11-01T00:00:00Z", "to": "9999-12-31T23:59:59-14:00" }""", "to");
        yield return Send("POST", simulate, $$"""{ "tariff": { {{Tariff}} }, "from": "\ud800", "to": "2026-12-01T00:00:00Z" }""", "from");
        yield return Send("POST", simulate, $$"""{ "tariff": { {{Tariff}} }, "from": 1, "to": "2026-12-01T00:00:00Z" }""", "from");
        yield return Send("POST", simulate, $$"""{ "tariff": { {{Tariff}} }, {{range}}, "chargePointId": "~" }""", "chargePointId");
        yield return Send("POST", simulate, $$"""{ "tariff": { {{Tariff}} }, {{range}}, "chargePointId": [] }""", "chargePointId");
        yield return Send("POST", simulate, $$"""{ "tariff": { {{Tariff}} }, {{range}}, "extra": 1 }""", "extra");

        // POST /api/chargepoints/{id}/commands/{action}
        yield return Send("POST", "/api/chargepoints/IN-CP/commands/Reset", """{ "type": 5 }""", "payload");
        yield return Send("POST", "/api/chargepoints/IN-CP/commands/Reset", """{ "type": "\ud800" }""", "payload");
        yield return Send("POST", "/api/chargepoints/IN-CP/commands/DataTransfer", """{ "vendorId": "~" }""", "payload");
        yield return Send("POST", "/api/chargepoints/IN-CP/commands/DataTransfer", $$"""{ "vendorId": "{{TooLong}}" }""", "payload");
        yield return Send("POST", "/api/chargepoints/IN-CP/commands/Reset", """[1]""", "payload");
        yield return Send("POST", "/api/chargepoints/IN-CP/commands/Explode", """{ }""", "action");
        yield return Send("POST", $"/api/chargepoints/{new string('C', 100)}/commands/Reset", """{ "type": "Soft" }""", "id");
        yield return Send("POST", "/api/chargepoints/IN-CP/commands/Reset", """{ "type": "Soft" }""", "", HttpStatusCode.NotFound);

        // Query parameters
        foreach (var (path, field) in new[]
        {
            ("/api/sessions?limit=ten", "limit"), ("/api/sessions?limit=99999999999", "limit"), ("/api/sessions?limit=0", "limit"),
            ("/api/sessions?offset=-1", "offset"), ("/api/sessions?offset=1e3", "offset"), ("/api/sessions?status=Lost", "status"),
            ("/api/sessions?from=soon", "from"), ("/api/sessions?to=9999-12-31T23:59:59-14:00", "to"),
            ("/api/sessions?from=%ED%A0%80", "from"), ("/api/sessions?from=%FF%FE", "from"),
            ("/api/sessions/export.csv?from=soon", "from"), ("/api/sessions/export.csv?to=0001-01-01T00:00:00%2B14:00", "to"),
            ("/api/feedback?rating=x", "rating"), ("/api/feedback?rating=6", "rating"), ("/api/feedback?maxRating=99999999999", "maxRating"),
            ("/api/feedback?category=%FF", "category"), ("/api/feedback?limit=-5", "limit"), ("/api/feedback?offset=x", "offset"),
            ("/api/feedback?from=9999-12-31T23:59:59-14:00", "from"),
            ("/api/anomalies?from=soon", "from"), ("/api/anomalies?to=%FF", "to"),
            ("/api/reports/chargepoints?sort=price", "sort"), ("/api/reports/chargepoints?sort=%FF", "sort"), ("/api/reports/chargepoints?dir=up", "dir"),
            ("/api/reports/idtags?sort=rating%00", "sort"), ("/api/reports/idtags?dir=%ED%A0%80", "dir"),
            ("/api/reports/chargepoints?from=soon", "from"), ("/api/reports/feedback?to=x", "to"), ("/api/reports/idtags?from=1", "from"),
            ("/api/reports/daily?from=9999-12-30&to=9999-12-31", "to"), ("/api/reports/daily?from=1969-12-31", "from"), ("/api/reports/daily?from=0001-01-01&to=0001-01-02&zone=Pacific/Kiritimati", "from"),
            ("/api/reports/daily?zone=Mars/Base", "zone"), ("/api/reports/daily?from=2026-13-01", "from"), ("/api/reports/daily?zone=%FF", "zone"),
            ("/api/chargepoints/IN-CP/commands?limit=lots", "limit"), ("/api/chargepoints/IN-CP/commands?limit=0", "limit"),
        })
            yield return Send("GET", path, null, field);
    }

    [TestCaseSource(nameof(Cases))]
    public async Task MalformedInput_IsAnsweredNamingTheField_NeverA500(string method, string path, string? json, string field, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null)
        {
            request.Content = new ByteArrayContent(Body(json));
            request.Content.Headers.ContentType = new("application/json");
        }

        using var response = await Server.Http.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(status), body);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
            if (status == HttpStatusCode.BadRequest)
                Assert.That(JsonNode.Parse(body)!["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field), body);
        }
    }
}
