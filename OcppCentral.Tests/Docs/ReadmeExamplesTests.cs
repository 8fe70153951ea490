extern alias sim;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using OcppCentral.Tests.TestSupport;
using sim::ChargeMonitor.Simulator.Chargers;
using SimSchemas = sim::OcppCentral.Protocol.SchemaValidator;

namespace OcppCentral.Tests.Docs;

/// <summary>
/// Every curl example of README.md and docs/*.md, sent to a real server in the state the docs assume: started with
/// <c>--admin-key s3cret</c>, charger SIM-0001 connected (as the simulator's first charger would be) and session 1
/// completed on it. So a route, field or status the docs promise cannot drift from what the server does.
/// </summary>
[CancelAfter(120_000)]
public partial class ReadmeExamplesTests
{
    private const string AdminKey = "s3cret";
    private const string DocumentedBase = "http://localhost:8180";
    private const string ChargePointId = "SIM-0001";

    private static readonly string Root = FindRepositoryRoot();
    private TestServer _server = null!;
    private HttpClient _http = null!;
    private SimulatedCharger _charger = null!;
    private Task _chargerRun = null!;
    private readonly CancellationTokenSource _stopCharger = new();

    /// <summary>README.md first, then docs/ by name: the files whose code blocks hold curl examples.</summary>
    public static IEnumerable<string> FilesWithExamples() =>
        new[] { "README.md" }
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md").Order(StringComparer.Ordinal)
                .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/')))
            .Where(file => CurlExamples.Parse(file, Read(file)).Count > 0);

    [OneTimeSetUp]
    public async Task StartServerWithOneSession()
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        _server = await TestServer.StartAsync("--admin-key", AdminKey);
        // The examples bring their own headers: a client without a default key shows one that forgot it.
        _http = new HttpClient { BaseAddress = _server.BaseUri };
        // Sessions start only on RemoteStartTransaction, so the charger is idle when the examples' commands reach it.
        _charger = new SimulatedCharger(new ChargerOptions
        {
            Endpoint = _server.WebSocketUri,
            ChargePointId = ChargePointId,
            Sessions = null,
            AutoStartSessions = false,
            SessionDuration = TimeSpan.FromSeconds(1),
            MeterInterval = TimeSpan.FromMilliseconds(500),
            IdleDuration = TimeSpan.Zero,
            RebootDowntime = TimeSpan.FromMilliseconds(200),
            ReconnectDelay = TimeSpan.FromMilliseconds(200),
        }, SimSchemas.Load(SimSchemas.DefaultDirectory));
        var firstSession = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _charger.SessionCompleted += _ => firstSession.TrySetResult();
        _chargerRun = _charger.RunAsync(_stopCharger.Token);
        await _charger.WhenConnectedAsync(ct);

        using var remoteStart = new HttpRequestMessage(HttpMethod.Post, $"/api/chargepoints/{ChargePointId}/commands/RemoteStartTransaction")
        {
            Content = new StringContent("""{"idTag":"DRIVER1","connectorId":1}""", Encoding.UTF8, "application/json"),
        };
        remoteStart.Headers.Add("X-API-Key", AdminKey);
        using var start = await _http.SendAsync(remoteStart, ct);
        Assert.That(start.IsSuccessStatusCode, Is.True, await start.Content.ReadAsStringAsync(ct));
        await firstSession.Task.WaitAsync(ct);
        Assert.That(_charger.Sessions.Single().TransactionId, Is.EqualTo(1), "the docs' examples use session 1");
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        await _stopCharger.CancelAsync();
        if (_chargerRun is not null)
            await _chargerRun;
        _stopCharger.Dispose();
        _http?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
    }

    [TestCaseSource(nameof(FilesWithExamples))]
    public async Task CurlExamples_InFile_AnswerAsDocumented(string file)
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        // A Reset example elsewhere may have sent the charger through a reboot; the examples find it connected.
        await _charger.WhenConnectedAsync(ct);
        var failures = new List<string>();
        foreach (var example in CurlExamples.Parse(file, Read(file)))
        {
            using var request = ToRequest(example);
            using var response = await _http.SendAsync(request, ct);
            var status = (int)response.StatusCode;
            var ok = example.ExpectedStatus is { } expected ? status == expected : status is >= 200 and < 300;
            if (!ok)
                failures.Add($"{example}: {status} {await response.Content.ReadAsStringAsync(ct)}");
        }
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void CurlExamples_InReadme_CoverTheFirstStepsOfTheQuickStart()
    {
        var urls = CurlExamples.Parse("README.md", Read("README.md")).Select(e => e.Url).ToList();
        Assert.That(urls, Has.Some.EndsWith("/health").And.Some.Contains("/api/sessions"));
    }

    [Test]
    public void CurlExamples_ForTheAdminApi_CarryTheDocumentedKey()
    {
        var examples = FilesWithExamples().SelectMany(file => CurlExamples.Parse(file, Read(file)))
            .Where(e => e.Url.Contains("/api/", StringComparison.Ordinal));
        Assert.That(examples.Where(e => !e.Headers.Contains(new("X-API-Key", AdminKey))).Select(e => e.ToString()), Is.Empty);
    }

    [Test]
    public void Docs_ReferToNoSpecificationOutsideTheRepository()
    {
        var offenders = DocFiles().Where(file => SpecReference().IsMatch(Read(file)));
        Assert.That(offenders, Is.Empty);
    }

    [Test]
    public void Code_CitesDocsPagesNotSpecificationSections()
    {
        // This file names the word only in the pattern that looks for it.
        var offenders = new[] { "OcppCentral", "OcppCentral.Tests", "simulator" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                           && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                           && Path.GetFileName(path) != "ReadmeExamplesTests.cs")
            .Where(path => SpecReference().IsMatch(File.ReadAllText(path)))
            .Select(path => Path.GetRelativePath(Root, path));
        Assert.That(offenders, Is.Empty);
    }

    [Test]
    public void Links_InDocs_PointToFilesThatExist()
    {
        var broken = new List<string>();
        foreach (var file in DocFiles())
        {
            var folder = Path.GetDirectoryName(Path.Combine(Root, file))!;
            foreach (Match link in RelativeLink().Matches(Read(file)))
            {
                var target = link.Groups[1].Value;
                if (!File.Exists(Path.Combine(folder, target)) && !Directory.Exists(Path.Combine(folder, target)))
                    broken.Add($"{file}: {target}");
            }
        }
        Assert.That(broken, Is.Empty);
    }

    [Test]
    public void Parse_MultiLineCommandWithStatusComment_ReadsMethodHeadersBodyAndStatus()
    {
        const string markdown = """
            ```
            curl -H 'X-API-Key: k' -X PUT -H 'Content-Type: application/json' http://localhost:8180/api/tariffs/x \
                 -d '{"name":"x",
                      "taxPercent":25}'    # 400
            {"status":400}
            curl http://localhost:8180/health
            ```
            curl http://localhost:8180/outside-a-code-block
            """;

        var examples = CurlExamples.Parse("t.md", markdown);

        Assert.That(examples, Has.Count.EqualTo(2));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(examples[0].Method, Is.EqualTo("PUT"));
            Assert.That(examples[0].Url, Is.EqualTo("http://localhost:8180/api/tariffs/x"));
            Assert.That(examples[0].Headers, Is.EqualTo(new KeyValuePair<string, string>[] { new("X-API-Key", "k"), new("Content-Type", "application/json") }));
            Assert.That(examples[0].Body, Is.EqualTo("{\"name\":\"x\",\n          \"taxPercent\":25}"));
            Assert.That(examples[0].ExpectedStatus, Is.EqualTo(400));
            Assert.That(examples[1].Method, Is.EqualTo("GET"));
            Assert.That(examples[1].ExpectedStatus, Is.Null);
        }
    }

    [Test]
    public void Parse_DataWithoutMethod_IsAPost()
    {
        var example = CurlExamples.Parse("t.md", "```\ncurl -d '{}' http://localhost:8180/api/x\n```").Single();

        Assert.That(example.Method, Is.EqualTo("POST"));
    }

    [Test]
    public void Parse_UnknownOption_IsRefused()
    {
        Assert.That(() => CurlExamples.Parse("t.md", "```\ncurl --insecure http://localhost:8180/health\n```"),
            Throws.TypeOf<FormatException>().With.Message.Contains("--insecure"));
    }

    private static HttpRequestMessage ToRequest(CurlExample example)
    {
        Assert.That(example.Url, Does.StartWith(DocumentedBase + "/"), $"{example}: the docs' server is {DocumentedBase}");
        var request = new HttpRequestMessage(new HttpMethod(example.Method), example.Url[DocumentedBase.Length..]);
        string? contentType = null;
        foreach (var (name, value) in example.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                contentType = value;
            else
                request.Headers.Add(name, value);
        }
        if (example.Body is not null)
        {
            // curl's -d without a Content-Type header sends a form content type; so does the test.
            request.Content = new StringContent(example.Body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/x-www-form-urlencoded");
        }
        return request;
    }

    private static IEnumerable<string> DocFiles() =>
        new[] { "README.md" }.Concat(Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md")
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/')));

    private static string Read(string file) => File.ReadAllText(Path.Combine(Root, file));

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ChargeMonitor.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException($"No ChargeMonitor.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"\bSPEC\b")]
    private static partial Regex SpecReference();

    // [text](target) where target is a path in the repository, without its #anchor.
    [GeneratedRegex(@"\]\((?!https?:|#|mailto:)([^)#\s]+)(?:#[^)]*)?\)")]
    private static partial Regex RelativeLink();
}
