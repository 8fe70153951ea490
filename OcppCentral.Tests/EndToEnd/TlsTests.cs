extern alias sim;
using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using OcppCentral.Tests.TestSupport;
using OcppCentral.Transport;
using sim::ChargeMonitor.Simulator.Client;
using sim::ChargeMonitor.Simulator.Scenarios;

namespace OcppCentral.Tests.EndToEnd;

/// <summary>
/// docs/tls.md through the real server: wss:// with a PEM certificate and key, security profile 2 (password over TLS)
/// and 3 (client certificates against the CA bundle), per-charger required profiles, TLS versions, and a certificate
/// replaced on disk. The certificates are made here; one server serves the fixture (tests use charger ids of their own).
/// </summary>
[CancelAfter(60_000)]
public class TlsTests
{
    private const string Password = "tls-charger-password-7c1e";

    private string _folder = null!;
    private X509Certificate2 _ca = null!;
    private X509Certificate2 _foreignCa = null!;
    private TlsServer _server = null!;

    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        _folder = Directory.CreateTempSubdirectory("chargemonitor-tls-").FullName;
        _ca = TestCertificates.CreateCa("ChargeMonitor Test CA");
        _foreignCa = TestCertificates.CreateCa("Somebody Else's CA");
        using var serverCertificate = TestCertificates.CreateServer(_ca);
        TestCertificates.WritePem(serverCertificate, FileIn("server.pem"));
        TestCertificates.WritePemKey(serverCertificate, FileIn("server.key"));
        TestCertificates.WritePem(_ca, FileIn("ca.pem"));
        _server = await TlsServer.StartAsync("--tls-certificate", FileIn("server.pem"), "--tls-key", FileIn("server.key"),
            "--tls-client-ca", FileIn("ca.pem"));
    }

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        await _server.DisposeAsync();
        _ca.Dispose();
        _foreignCa.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private string FileIn(string name) => Path.Combine(_folder, name);

    /// <summary>Trusts the test CA for the server's certificate and presents <paramref name="clientCertificate"/>, if any.</summary>
    private ClientTls Tls(X509Certificate2? clientCertificate = null) => new() { TrustedCas = [_ca], ClientCertificate = clientCertificate };

    private async Task RegisterAsync(string id, object body) =>
        (await _server.Http.PutAsJsonAsync($"/api/chargepoints/{id}", body, Ct)).EnsureSuccessStatusCode();

    /// <summary>Boots over the connection the simulator's client opened; the answer proves the handshake was accepted.</summary>
    private static async Task<string> BootAsync(Uri endpoint, string id, string? password, ClientTls? tls)
    {
        await using var client = await OcppClient.ConnectAsync(endpoint, id, password, ct: Ct, tls: tls);
        var boot = await client.CallAsync("BootNotification", new { chargePointVendor = "TestVendor", chargePointModel = "T1" }, Ct);
        return (string)boot["status"]!;
    }

    /// <summary>A handshake configured as the simulator's client configures it, returning the HTTP status it got.</summary>
    private static async Task<HttpStatusCode> HandshakeAsync(Uri endpoint, string id, string? password, ClientTls? tls)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.AddSubProtocol(OcppEndpoint.SubProtocol);
        tls?.Apply(socket.Options);
        if (password is not null)
            socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{password}")));
        try
        {
            await socket.ConnectAsync(new Uri($"{endpoint}/{id}"), Ct);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Ct);
        }
        catch (WebSocketException)
        {
            // Refused: the status code says how.
        }
        return socket.HttpStatusCode;
    }

    [Test]
    public async Task Profile2_RightPasswordOverWss_IsAccepted_WrongOneRefused()
    {
        await RegisterAsync("TLS-P2", new { password = Password, securityProfile = 2 });

        var status = await BootAsync(_server.SecureWebSocketUri, "TLS-P2", Password, Tls());
        var wrong = await HandshakeAsync(_server.SecureWebSocketUri, "TLS-P2", "not-the-password", Tls());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo("Accepted"));
            Assert.That(wrong, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(_server.Log.Contains("TLS-P2 failed HTTP Basic authentication (wrong password)"), Is.True, string.Join("\n", _server.Log.Lines));
        }
    }

    [Test]
    public async Task Profile2Required_PasswordOverPlainWs_IsRefusedWithTheReasonLogged()
    {
        await RegisterAsync("TLS-P2-PLAIN", new { password = Password, securityProfile = 2 });

        var status = await HandshakeAsync(_server.WebSocketUri, "TLS-P2-PLAIN", Password, null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(_server.Log.Contains("Refused TLS-P2-PLAIN: security profile 2 is required, the connection has profile 1"), Is.True,
                string.Join("\n", _server.Log.Lines));
        }
    }

    [TestCase("TLS-P3-CN", "TLS-P3-CN", null)]
    [TestCase("TLS-P3-SAN", "Charger TLS-P3-SAN", "TLS-P3-SAN")]
    public async Task Profile3_ClientCertificateNamingTheCharger_IsAccepted(string id, string commonName, string? dnsName)
    {
        await RegisterAsync(id, new { password = Password, securityProfile = 3 });
        using var certificate = TestCertificates.CreateClient(_ca, commonName, dnsName);

        // No password: the certificate identifies the charger.
        Assert.That(await BootAsync(_server.SecureWebSocketUri, id, null, Tls(certificate)), Is.EqualTo("Accepted"));
    }

    [TestCase("expired", "is not valid now")]
    [TestCase("foreign", "is not issued by a CA of --tls-client-ca")]
    [TestCase("other-charger", "names TLS-OTHER, not TLS-P3-BAD-other-charger")]
    public async Task Profile3_BadClientCertificate_IsRefusedAtTheHandshakeWithTheReasonLogged(string kind, string reason)
    {
        var id = $"TLS-P3-BAD-{kind}";
        await RegisterAsync(id, new { securityProfile = 3 });
        var now = DateTimeOffset.UtcNow;
        using var certificate = kind switch
        {
            "expired" => TestCertificates.CreateClient(_ca, id, notBefore: now.AddDays(-20), notAfter: now.AddDays(-1)),
            "foreign" => TestCertificates.CreateClient(_foreignCa, id),
            _ => TestCertificates.CreateClient(_ca, "TLS-OTHER"),
        };

        var status = await HandshakeAsync(_server.SecureWebSocketUri, id, null, Tls(certificate));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(_server.Log.Contains($"Refused {id}: the client certificate {reason}"), Is.True, string.Join("\n", _server.Log.Lines));
        }
    }

    [Test]
    public async Task SimulatedCharger_WithAClientCertificate_RunsASessionOverWss()
    {
        await RegisterAsync("TLS-SIM", new { securityProfile = 3 });
        using var certificate = TestCertificates.CreateClient(_ca, "TLS-SIM");

        var report = await ScenarioRunner.RunAsync(_server.SecureWebSocketUri, "TLS-SIM", Scenario.None, null, Ct,
            options => options with { Tls = Tls(certificate), SessionDuration = TimeSpan.FromSeconds(2), IdleDuration = TimeSpan.Zero });
        using var sessions = JsonDocument.Parse(await _server.Http.GetStringAsync("/api/sessions?chargePointId=TLS-SIM", Ct));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.ErrorCount, Is.Zero, string.Join("\n", report.Errors));
            Assert.That(report.Sessions, Has.Count.EqualTo(1));
            Assert.That(sessions.RootElement.GetArrayLength(), Is.EqualTo(1), sessions.RootElement.ToString());
        }
    }

    [Test]
    public async Task BadClientCertificate_IsRefusedEvenWhereNoProfileIsRequired()
    {
        using var certificate = TestCertificates.CreateClient(_foreignCa, "TLS-UNREGISTERED");

        var status = await HandshakeAsync(_server.SecureWebSocketUri, "TLS-UNREGISTERED", null, Tls(certificate));

        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Profile3Required_PasswordOverWsOrWss_IsRefused()
    {
        await RegisterAsync("TLS-P3-PASSWORD", new { password = Password, securityProfile = 3 });

        var plain = await HandshakeAsync(_server.WebSocketUri, "TLS-P3-PASSWORD", Password, null);
        var secure = await HandshakeAsync(_server.SecureWebSocketUri, "TLS-P3-PASSWORD", Password, Tls());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plain, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(secure, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(_server.Log.Contains("Refused TLS-P3-PASSWORD: security profile 3 is required, the connection has profile 1"), Is.True);
            Assert.That(_server.Log.Contains("Refused TLS-P3-PASSWORD: security profile 3 is required, the connection has profile 2"), Is.True);
        }
    }

    [Test]
    public async Task SecurityProfile_IsStoredAndShown_AndABadValueNamesTheField()
    {
        await RegisterAsync("TLS-PROFILE", new { securityProfile = 3 });
        using var outOfRange = await _server.Http.PutAsJsonAsync("/api/chargepoints/TLS-PROFILE", new { securityProfile = 4 }, Ct);
        using var noPassword = await _server.Http.PutAsJsonAsync("/api/chargepoints/TLS-PROFILE", new { securityProfile = 1 }, Ct);
        using var shown = JsonDocument.Parse(await _server.Http.GetStringAsync("/api/chargepoints/TLS-PROFILE", Ct));
        await RegisterAsync("TLS-PROFILE", new { password = Password, securityProfile = 1 });
        using var changed = JsonDocument.Parse(await _server.Http.GetStringAsync("/api/chargepoints/TLS-PROFILE", Ct));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outOfRange.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await outOfRange.Content.ReadAsStringAsync(Ct), Does.Contain("\"securityProfile\""));
            Assert.That(noPassword.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await noPassword.Content.ReadAsStringAsync(Ct), Does.Contain("\"securityProfile\""));
            Assert.That(shown.RootElement.GetProperty("securityProfile").GetInt32(), Is.EqualTo(3));
            Assert.That(changed.RootElement.GetProperty("securityProfile").GetInt32(), Is.EqualTo(1));
        }
    }

    private async Task<SslStream> TlsHandshakeAsync(SslProtocols protocols)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(_server.SecureWebSocketUri.Host, _server.SecureWebSocketUri.Port, Ct);
        var stream = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            await stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                EnabledSslProtocols = protocols,
                AllowTlsResume = false,
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => ClientTls.IsTrusted(certificate, errors, [_ca]),
            }, Ct);
            return stream;
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    [TestCase(SslProtocols.Tls12)]
    [TestCase(SslProtocols.Tls13)]
    public async Task Tls12And13_AreSpoken(SslProtocols protocol)
    {
        await using var stream = await TlsHandshakeAsync(protocol);

        Assert.That(stream.SslProtocol, Is.EqualTo(protocol));
    }

    [Test]
    public async Task ServerCertificate_ReplacedOnDisk_IsServedToTheNextConnection()
    {
        string before;
        await using (var first = await TlsHandshakeAsync(SslProtocols.None))
            before = first.RemoteCertificate!.GetCertHashString();
        using var replacement = TestCertificates.CreateServer(_ca);

        // As docs/tls.md advises: write beside, then rename over the files in use.
        TestCertificates.WritePem(replacement, FileIn("server.pem.new"));
        TestCertificates.WritePemKey(replacement, FileIn("server.key.new"));
        File.Move(FileIn("server.key.new"), FileIn("server.key"), overwrite: true);
        File.Move(FileIn("server.pem.new"), FileIn("server.pem"), overwrite: true);

        string after;
        await using (var second = await TlsHandshakeAsync(SslProtocols.None))
            after = second.RemoteCertificate!.GetCertHashString();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(before, Is.Not.EqualTo(replacement.GetCertHashString()));
            Assert.That(after, Is.EqualTo(replacement.GetCertHashString()));
            Assert.That(await BootAsync(_server.SecureWebSocketUri, "TLS-AFTER-RELOAD", null, Tls()), Is.EqualTo("Accepted"));
        }
    }
}

/// <summary>docs/tls.md: a PKCS#12 certificate with a password, plain ws:// switched off, and a certificate that cannot be read.</summary>
[CancelAfter(60_000)]
public class TlsSettingsTests
{
    private string _folder = null!;
    private X509Certificate2 _ca = null!;

    private static CancellationToken Ct => TestContext.CurrentContext.CancellationToken;

    [OneTimeSetUp]
    public void MakeCertificates()
    {
        _folder = Directory.CreateTempSubdirectory("chargemonitor-tls-").FullName;
        _ca = TestCertificates.CreateCa("ChargeMonitor Test CA");
        using var server = TestCertificates.CreateServer(_ca);
        TestCertificates.WritePfx(server, Path.Combine(_folder, "server.pfx"), "pfx-password");
    }

    [OneTimeTearDown]
    public void RemoveCertificates()
    {
        _ca.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task PfxCertificate_WithPlainWsOff_ServesWssAndRefusesWs()
    {
        await using var server = await TlsServer.StartAsync("--tls-certificate", Path.Combine(_folder, "server.pfx"),
            "--tls-password", "pfx-password", "--plain-ws", "false");

        await using (var client = await OcppClient.ConnectAsync(server.SecureWebSocketUri, "TLS-PFX", ct: Ct, tls: new ClientTls { TrustedCas = [_ca] }))
            Assert.That(client.State, Is.EqualTo(WebSocketState.Open));
        using var plain = new ClientWebSocket();
        plain.Options.CollectHttpResponseDetails = true;
        plain.Options.AddSubProtocol(OcppEndpoint.SubProtocol);
        Assert.That(() => plain.ConnectAsync(new Uri($"{server.WebSocketUri}/TLS-PFX"), Ct), Throws.InstanceOf<WebSocketException>());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plain.HttpStatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(server.Log.Contains("Refused TLS-PFX: plain ws:// is switched off"), Is.True, string.Join("\n", server.Log.Lines));
        }
    }

    [Test]
    public async Task WrongPfxPassword_StopsTheStartWithOneLine()
    {
        var database = TempDatabase.NewPath();
        var error = new StringWriter();

        var exitCode = await OcppCentralApp.RunAsync(["--urls", "https://127.0.0.1:0", "--database", database,
            "--tls-certificate", Path.Combine(_folder, "server.pfx"), "--tls-password", "wrong"], error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.EqualTo(1));
            Assert.That(error.ToString(), Does.StartWith("ChargeMonitor cannot start: --tls-certificate: cannot read a certificate"));
            Assert.That(error.ToString().TrimEnd(), Does.Not.Contain("\n"));
            Assert.That(File.Exists(database), Is.False, "no database is made before the settings are checked");
        }
    }
}
