using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Operations;

/// <summary>docs/observability.md: the OpenAPI document at /openapi/v1.json and the reference at /docs, on a server with an admin key.</summary>
[CancelAfter(60_000)]
public partial class ApiDocumentationTests
{
    private TestServer _server = null!;
    private JsonNode _document = null!;
    private HttpResponseMessage _documentResponse = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        _server = await TestServer.StartAsync("--admin-key", "s3cret");
        // No key: the document and the reference are public (they hold no secret), the calls they describe are not.
        _documentResponse = await _server.Http.GetAsync("/openapi/v1.json");
        _document = Json.Parse(await _documentResponse.Content.ReadAsStringAsync());
    }

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        _documentResponse.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public void Document_IsOpenApi31Json_ServedWithoutTheKey_WithTheApiKeySchemeRequired()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_documentResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(_documentResponse.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(_document["openapi"]!.GetValue<string>(), Does.Match(@"^3\.1\.\d+$"));
            Assert.That(_document["info"]!["title"]!.GetValue<string>(), Is.Not.Empty);
            var scheme = _document["components"]!["securitySchemes"]!["ApiKey"]!;
            Assert.That(scheme["type"]!.GetValue<string>(), Is.EqualTo("apiKey"));
            Assert.That(scheme["in"]!.GetValue<string>(), Is.EqualTo("header"));
            Assert.That(scheme["name"]!.GetValue<string>(), Is.EqualTo("X-API-Key"));
            Assert.That(_document["security"]!.AsArray().Select(r => r!.AsObject().Single().Key), Is.EqualTo(new[] { "ApiKey" }));
        }
    }

    [Test]
    public void Document_HasEveryMappedApiRoute_WithItsMethod_AndNothingElse()
    {
        var mapped = _server.GetService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["(any)"])
                .Select(method => $"{method.ToLowerInvariant()} {OpenApiPath(e.RoutePattern.RawText!)}"))
            .Order(StringComparer.Ordinal).ToList();
        var documented = _document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(o => o.Key != "parameters").Select(operation => $"{operation.Key} {path.Key}"))
            .Order(StringComparer.Ordinal).ToList();

        Assert.That(mapped, Has.Count.GreaterThanOrEqualTo(25), "the admin API's routes were found in the running app");
        Assert.That(documented, Is.EqualTo(mapped));
    }

    [Test]
    public void Document_Operations_HaveIdsSummaries_AndProblemDetailsForTheirErrors()
    {
        var operations = Operations().ToList();
        using (Assert.EnterMultipleScope())
        {
            foreach (var (name, operation) in operations)
            {
                Assert.That(operation["operationId"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, name);
                Assert.That(operation["summary"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, name);
                var responses = operation["responses"]!.AsObject();
                Assert.That(responses.Select(r => r.Key), Has.Some.StartsWith("2"), name);
                foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
                    Assert.That(response!["content"]?["application/problem+json"], Is.Not.Null, $"{name} {status}");
            }
        }
        var byId = operations.ToDictionary(o => o.Operation["operationId"]!.GetValue<string>(), o => o.Operation);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Statuses(byId["DeleteTariff"]), Is.SupersetOf(new[] { "204", "401", "404", "409" }));
            Assert.That(Statuses(byId["PutChargePoint"]), Is.SupersetOf(new[] { "200", "400", "401" }));
            Assert.That(Statuses(byId["PutWebhook"]), Is.SupersetOf(new[] { "200", "400", "401", "409" }));
            Assert.That(Statuses(byId["ListWebhookDeliveries"]), Is.SupersetOf(new[] { "200", "400", "404" }));
            Assert.That(Statuses(byId["SendCommand"]), Is.SupersetOf(new[] { "200", "400", "404", "502", "504" }));
            Assert.That(Statuses(byId["ExportSessions"]), Does.Contain("200"));
            Assert.That(byId["ExportSessions"]["responses"]!["200"]!["content"]!["text/csv"], Is.Not.Null);
            Assert.That(Statuses(byId["ListChargerMessages"]), Is.SupersetOf(new[] { "200", "400", "401", "404" }));
            Assert.That(byId["ListChargerMessages"]["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()),
                Is.SupersetOf(new[] { "id", "from", "to", "limit", "offset" }));
            Assert.That(byId["ListSessions"]["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()),
                Is.SupersetOf(new[] { "chargePointId", "status", "from", "to", "limit", "offset" }));
        }
    }

    [Test]
    public void Document_BodiesReadByHand_StillShowTheirSchema()
    {
        var byId = Operations().ToDictionary(o => o.Operation["operationId"]!.GetValue<string>(), o => o.Operation);
        var schemas = _document["components"]!["schemas"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(BodySchema(byId["PutTariff"]), Is.EqualTo("#/components/schemas/TariffDocument"));
            Assert.That(BodySchema(byId["SimulateTariff"]), Is.EqualTo("#/components/schemas/TariffSimulationRequest"));
            Assert.That(BodySchema(byId["PostSessionFeedback"]), Is.EqualTo("#/components/schemas/FeedbackForm"));
            Assert.That(byId["SendCommand"]["requestBody"]!["content"]!["application/json"], Is.Not.Null);
            Assert.That(BodySchema(byId["PutChargePoint"]), Is.EqualTo("#/components/schemas/ChargePointRegistration"));
            Assert.That(BodySchema(byId["PutWebhook"]), Is.EqualTo("#/components/schemas/WebhookRegistration"));
            Assert.That(schemas["WebhookRegistration"]!["properties"]!.AsObject().Select(p => p.Key),
                Is.EquivalentTo(new[] { "url", "secret", "eventTypes" }));
            Assert.That(schemas["TariffDocument"]!["properties"]!.AsObject().Select(p => p.Key), Does.Contain("periods"));
            Assert.That(schemas["FeedbackForm"]!["properties"]!.AsObject().Select(p => p.Key),
                Is.EquivalentTo(new[] { "rating", "category", "comment" }));
        }
    }

    [Test]
    public async Task Reference_AtDocs_IsHtmlWithoutTheKey_AndLoadsOnlyItsOwnAssets()
    {
        using var response = await _server.Http.GetAsync("/docs/");
        var html = await response.Content.ReadAsStringAsync();
        var external = ExternalAsset().Matches(html).Select(m => m.Value).ToList();
        var local = LocalScript().Matches(html).Select(m => m.Groups[1].Value).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(html, Does.Contain("openapi/v1.json"));
            Assert.That(external, Is.Empty, "no script or style from another origin");
            Assert.That(html, Does.Not.Contain("//cdn").And.Not.Contain("jsdelivr"));
            Assert.That(local, Is.Not.Empty);
        }
        foreach (var script in local)
        {
            using var asset = await _server.Http.GetAsync(new Uri(new Uri(_server.BaseUri, "/docs/"), script));
            Assert.That(asset.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{script} is served by the server itself");
        }
    }

    [Test]
    public async Task ApiCallsDescribed_StillNeedTheKey()
    {
        using var response = await _server.Http.GetAsync("/api/tariffs");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private IEnumerable<(string Name, JsonObject Operation)> Operations() =>
        _document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Where(o => o.Key != "parameters")
            .Select(operation => ($"{operation.Key} {path.Key}", operation.Value!.AsObject())));

    private static IEnumerable<string> Statuses(JsonObject operation) => operation["responses"]!.AsObject().Select(r => r.Key);

    private static string? BodySchema(JsonObject operation) =>
        operation["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>();

    /// <summary>"/api/sessions/{transactionId:long}" → "/api/sessions/{transactionId}", as OpenAPI writes a path.</summary>
    private static string OpenApiPath(string routePattern) => RouteConstraint().Replace(routePattern, "}");

    [GeneratedRegex(@"(:[a-zA-Z]+(\([^)]*\))?)*\??\}")]
    private static partial Regex RouteConstraint();

    /// <summary>A script or stylesheet reference to an absolute http(s) or protocol-relative URL.</summary>
    [GeneratedRegex("""(src|href)\s*=\s*["']?\s*(https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalAsset();

    [GeneratedRegex("""<script[^>]*\ssrc\s*=\s*["']([^"']+)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex LocalScript();
}
