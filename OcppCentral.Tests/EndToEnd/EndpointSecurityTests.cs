using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using OcppCentral.Tests.TestSupport;
using OcppCentral.Transport;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// Failed charger (HTTP Basic) and admin-key authentication are refused and logged, and no secret reaches the log.
/// The log is the real server process's console output, read after it has exited (so every line is flushed).
/// </summary>
[CancelAfter(60_000), Platform(Exclude = "Win", Reason = "stops the server with SIGTERM")]
public class EndpointSecurityTests
{
    private const string AdminKey = "admin-key-0b9e51d2";
    private const string WrongAdminKey = "not-the-admin-key-77aa";
    private const string ChargerPassword = "charger-password-c41f";
    private const string WrongPassword = "wrong-password-5d3e";

    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    private static async Task<HttpStatusCode> HandshakeAsync(ServerProcess server, string chargePointId, string password)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.AddSubProtocol(OcppEndpoint.SubProtocol);
        socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{chargePointId}:{password}")));
        try
        {
            await socket.ConnectAsync(new Uri(server.WebSocketUri + "/" + chargePointId), Ct);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Ct);
        }
        catch (WebSocketException)
        {
            // Refused: the status code says why.
        }
        return socket.HttpStatusCode;
    }

    [Test]
    public async Task FailedAuthentication_IsRefusedAndLoggedWithoutTheSecrets()
    {
        var database = TempDatabase.NewPath();
        try
        {
            await using var server = await ServerProcess.StartAsync(database, Ct, "--admin-key", AdminKey);
            server.Http.DefaultRequestHeaders.Add("X-API-Key", AdminKey);
            (await server.Http.PutAsJsonAsync("/api/chargepoints/CP-SECURE", new { password = ChargerPassword }, Ct)).EnsureSuccessStatusCode();

            var wrongPassword = await HandshakeAsync(server, "CP-SECURE", WrongPassword);
            var rightPassword = await HandshakeAsync(server, "CP-SECURE", ChargerPassword);
            using var intruder = new HttpClient { BaseAddress = server.BaseUri };
            intruder.DefaultRequestHeaders.Add("X-API-Key", WrongAdminKey);
            using var wrongKey = await intruder.GetAsync("/api/chargepoints", Ct);
            await server.TerminateAsync(Ct);
            await server.WaitForExitAsync(Ct);

            var log = server.Output;
            using (Assert.EnterMultipleScope())
            {
                Assert.That(wrongPassword, Is.EqualTo(HttpStatusCode.Unauthorized));
                Assert.That(rightPassword, Is.EqualTo(HttpStatusCode.SwitchingProtocols));
                Assert.That(wrongKey.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
                Assert.That(log, Does.Contain("CP-SECURE failed HTTP Basic authentication (wrong password)"));
                Assert.That(log, Does.Contain("wrong X-API-Key"));
                foreach (var secret in new[] { AdminKey, WrongAdminKey, ChargerPassword, WrongPassword })
                    Assert.That(log, Does.Not.Contain(secret), "a secret in the log");
                Assert.That(log, Does.Not.Contain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"CP-SECURE:{WrongPassword}"))), "credentials in the log");
            }
        }
        finally
        {
            TempDatabase.Delete(database);
        }
    }
}
