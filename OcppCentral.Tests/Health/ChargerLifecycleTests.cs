using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using OcppCentral.Tests.TestSupport;
using OcppCentral.Transport;
using static OcppCentral.Tests.EndToEnd.ReportSessions;

namespace OcppCentral.Tests.Health;

/// <summary>A charger's lifecycle through the admin API (docs/charger-health.md): removing its password, deleting it, teaching it a new password.</summary>
[CancelAfter(60_000)]
public class ChargerLifecycleTests : SharedServerTests
{
    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [Test]
    public async Task Put_PasswordNull_RemovesThePassword_AndTheChargerConnectsWithoutOne()
    {
        await PutAsync("CP-LC-OPEN", """{"password":"a-long-charger-secret"}""");
        var cleared = await PutAsync("CP-LC-OPEN", """{"password":null}""");
        await using var charger = await Chargers.ConnectAsync(Server, "CP-LC-OPEN", null, Ct);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(cleared["hasPassword"]!.GetValue<bool>(), Is.False);
            Assert.That(charger.State, Is.EqualTo(WebSocketState.Open));
        }
    }

    [Test]
    public async Task Put_MissingPassword_LeavesItAsItIs()
    {
        await PutAsync("CP-LC-KEEP", """{"password":"a-long-charger-secret"}""");

        Assert.That((await PutAsync("CP-LC-KEEP", "{}"))["hasPassword"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task Delete_ConnectedChargerWithASession_IsGoneAndDisconnected_ItsSessionStays()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-LC-GONE", ct: Ct);
        var transactionId = await ChargeAsync(charger, 1, "DRIVER1", Day, TimeSpan.FromMinutes(30), 2000);
        Assert.That(Server.GetService<ChargerRegistry>().TryGet("CP-LC-GONE", out var connection), Is.True);

        using var deleted = await Server.Http.DeleteAsync("/api/chargepoints/CP-LC-GONE", Ct);
        await connection.Departed.WaitAsync(Ct);
        using var after = await Server.Http.GetAsync("/api/chargepoints/CP-LC-GONE", Ct);
        var session = await Server.GetJsonAsync<JsonObject>($"/api/sessions/{transactionId}");
        var events = await Server.GetJsonAsync<JsonObject>("/api/chargepoints/CP-LC-GONE/events");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(session["chargePointId"]!.GetValue<string>(), Is.EqualTo("CP-LC-GONE"));
            Assert.That(events["items"]!.AsArray()[0]!["reason"]!.GetValue<string>(), Is.EqualTo("Deleted"));
        }
    }

    [Test]
    public async Task Delete_UnknownCharger_Is404()
    {
        using var response = await Server.Http.DeleteAsync("/api/chargepoints/CP-LC-NEVER", Ct);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Put_PasswordOnAConnectedCharger_SaysItMustLearnItFirst()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-LC-LEARN", ct: Ct);

        var answer = await PutAsync("CP-LC-LEARN", """{"password":"a-long-charger-secret"}""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer["hasPassword"]!.GetValue<bool>(), Is.True);
            Assert.That(answer["notice"]!.GetValue<string>(), Does.Contain("must learn the new one").And.Contain("sendAuthorizationKey"));
            Assert.That(answer["authorizationKey"], Is.Null);
        }
    }

    [Test]
    public async Task Put_SendAuthorizationKey_Accepted_BecomesThePasswordAndIsRedactedInTheCommandLog()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-LC-SEND", ct: Ct);
        charger.ServerCallHandler = _ => Task.FromResult<object>(new { status = "Accepted" });

        var answer = await PutAsync("CP-LC-SEND", """{"password":"a-new-charger-secret","sendAuthorizationKey":true}""");
        var logged = (await Server.GetJsonAsync<JsonArray>("/api/chargepoints/CP-LC-SEND/commands"))[0]!;
        await using var renewed = await Chargers.ConnectAsync(Server, "CP-LC-SEND", "a-new-charger-secret", Ct);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer["authorizationKey"]!["status"]!.GetValue<string>(), Is.EqualTo("Accepted"));
            Assert.That(answer["authorizationKey"]!["commandId"]!.GetValue<long>(), Is.EqualTo(logged["id"]!.GetValue<long>()));
            Assert.That(answer["hasPassword"]!.GetValue<bool>(), Is.True);
            Assert.That(logged["request"]!["value"]!.GetValue<string>(), Is.EqualTo("***"));
            Assert.That(answer.ToJsonString() + logged.ToJsonString(), Does.Not.Contain("a-new-charger-secret"));
            Assert.That(renewed.State, Is.EqualTo(WebSocketState.Open));
        }
    }

    [Test]
    public async Task Put_SendAuthorizationKey_Rejected_LeavesThePasswordAsItWas()
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-LC-REJECT", ct: Ct);
        charger.ServerCallHandler = _ => Task.FromResult<object>(new { status = "Rejected" });

        var answer = await PutAsync("CP-LC-REJECT", """{"password":"a-new-charger-secret","sendAuthorizationKey":true}""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer["authorizationKey"]!["status"]!.GetValue<string>(), Is.EqualTo("Rejected"));
            Assert.That(answer["hasPassword"]!.GetValue<bool>(), Is.False);
            Assert.That(answer["notice"]!.GetValue<string>(), Does.Contain("did not accept"));
        }
    }

    [Test]
    public async Task Put_SendAuthorizationKey_NotConnected_Is409AndChangesNothing()
    {
        using var response = await Server.Http.PutAsync("/api/chargepoints/CP-LC-AWAY",
            Body("""{"password":"a-new-charger-secret","sendAuthorizationKey":true}"""), Ct);
        using var after = await Server.Http.GetAsync("/api/chargepoints/CP-LC-AWAY", Ct);

        Assert.That((response.StatusCode, after.StatusCode), Is.EqualTo((HttpStatusCode.Conflict, HttpStatusCode.NotFound)));
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task Put_PasswordNull_WhenTheSecurityProfileNeedsOne_Is400NamingPasswordAndKeepsIt(int profile)
    {
        var id = $"CP-LC-PROFILE{profile}";
        await PutAsync(id, $$"""{"password":"a-long-charger-secret","securityProfile":{{profile}}}""");

        using var response = await Server.Http.PutAsync($"/api/chargepoints/{id}", Body("""{"password":null}"""), Ct);
        var problem = Json.Parse(await response.Content.ReadAsStringAsync(Ct));
        var after = await Server.GetJsonAsync<JsonObject>($"/api/chargepoints/{id}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem["errors"]?["password"]?[0]?.GetValue<string>(), Does.Contain($"security profile {profile} needs a password"));
            Assert.That(after["hasPassword"]!.GetValue<bool>(), Is.True);
            Assert.That(after["securityProfile"]!.GetValue<int>(), Is.EqualTo(profile));
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task Put_PasswordNullWithASecurityProfileThatNeedsOne_Is400NamingSecurityProfile(int profile)
    {
        var id = $"CP-LC-RAISE{profile}";
        await PutAsync(id, """{"password":"a-long-charger-secret"}""");

        using var response = await Server.Http.PutAsync($"/api/chargepoints/{id}", Body($$"""{"password":null,"securityProfile":{{profile}}}"""), Ct);
        var problem = Json.Parse(await response.Content.ReadAsStringAsync(Ct));
        var after = await Server.GetJsonAsync<JsonObject>($"/api/chargepoints/{id}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem["errors"]?["securityProfile"], Is.Not.Null);
            Assert.That(after["hasPassword"]!.GetValue<bool>(), Is.True);
            Assert.That(after["securityProfile"]!.GetValue<int>(), Is.Zero);
        }
    }

    [TestCase("""{"password":5}""", "password")]
    [TestCase("""{"password":""}""", "password")]
    [TestCase("""{"tariffId":7}""", "tariffId")]
    [TestCase("""{"sendAuthorizationKey":true}""", "sendAuthorizationKey")]
    [TestCase("""{"sendAuthorizationKey":"yes","password":"a-long-charger-secret"}""", "sendAuthorizationKey")]
    [TestCase("""[1]""", "$")]
    public async Task Put_BadField_Is400NamingIt(string body, string field)
    {
        using var response = await Server.Http.PutAsync("/api/chargepoints/CP-LC-BAD", Body(body), Ct);
        var problem = Json.Parse(await response.Content.ReadAsStringAsync(Ct));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem["errors"]?[field], Is.Not.Null);
        }
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<JsonObject> PutAsync(string id, string json)
    {
        using var response = await Server.Http.PutAsync($"/api/chargepoints/{id}", Body(json), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return Json.Parse(text).AsObject();
    }
}
