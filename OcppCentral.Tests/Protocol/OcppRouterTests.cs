using Newtonsoft.Json.Linq;
using OcppCentral.Messages;
using OcppCentral.Protocol;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Protocol;

/// <summary>The dispatcher on its own: action → schema → typed request → handler → CALLRESULT or CALLERROR.</summary>
public class OcppRouterTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private readonly List<(string Action, Exception Fault)> _faults = [];
    private readonly List<AuthorizeRequest> _authorized = [];
    private OcppRouter _router = null!;

    [SetUp]
    public void MapRoutes()
    {
        _faults.Clear();
        _authorized.Clear();
        _router = new OcppRouter(Schemas.Validator, (_, action, ex) => _faults.Add((action, ex)))
            .Map<AuthorizeRequest, AuthorizeResponse>("Authorize", (_, request, _) =>
            {
                _authorized.Add(request);
                return Task.FromResult(new AuthorizeResponse(new IdTagInfo(AuthorizationStatus.Accepted)));
            })
            .Map<StatusNotificationRequest, StatusNotificationResponse>("StatusNotification", (_, _, _) => Task.FromResult(new StatusNotificationResponse()));
    }

    private static OcppRequestContext Context(string messageId) => new("CP-1", messageId, Noon, "[]");

    private Task<OcppFrame> DispatchAsync(string action, string payload, CancellationToken ct = default) =>
        _router.DispatchAsync(Context("m1"), new OcppCall("m1", action, JObject.Parse(payload)), ct);

    private static string? CodeOf(OcppFrame answer) => (answer as OcppCallError)?.ErrorCode;

    [Test]
    public async Task Dispatch_MappedAction_HandsTheTypedRequestToItsHandlerAndAnswersItsResponse()
    {
        var answer = await DispatchAsync("Authorize", """{"idTag":"04A2B3C4"}""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(_authorized, Is.EqualTo(new[] { new AuthorizeRequest("04A2B3C4") }));
            Assert.That(answer, Is.TypeOf<OcppCallResult>());
            Assert.That(answer.MessageId, Is.EqualTo("m1"));
            Assert.That(((OcppCallResult)answer).Payload.ToString(Newtonsoft.Json.Formatting.None), Is.EqualTo("""{"idTagInfo":{"status":"Accepted"}}"""));
        }
    }

    [Test]
    public async Task Dispatch_ResponseWithoutFields_IsAnsweredWithAnEmptyObject()
    {
        var answer = await DispatchAsync("StatusNotification", """{"connectorId":1,"errorCode":"NoError","status":"Available"}""");

        Assert.That((answer as OcppCallResult)?.Payload.ToString(Newtonsoft.Json.Formatting.None), Is.EqualTo("{}"));
    }

    [TestCase("MakeCoffee", "NotImplemented")]
    [TestCase("authorize", "NotImplemented")]
    [TestCase("AuthorizeResponse", "NotImplemented")]
    [TestCase("Reset", "NotSupported")]
    [TestCase("Heartbeat", "NotSupported")]
    public async Task Dispatch_ActionWithoutRoute_IsRefusedWithItsCode(string action, string expectedCode)
    {
        var answer = await DispatchAsync(action, "{}");

        Assert.That((CodeOf(answer), answer.MessageId), Is.EqualTo((expectedCode, "m1")));
    }

    [TestCase("{}", "OccurenceConstraintViolation")]
    [TestCase("""{"idTag":17}""", "TypeConstraintViolation")]
    [TestCase("""{"idTag":"012345678901234567890"}""", "PropertyConstraintViolation")]
    [TestCase("""{"idTag":"A","colour":"red"}""", "FormationViolation")]
    public async Task Dispatch_PayloadFailingItsSchema_IsRefusedWithItsCodeAndNeverHandled(string payload, string expectedCode)
    {
        var answer = await DispatchAsync("Authorize", payload);

        Assert.That((CodeOf(answer), _authorized.Count), Is.EqualTo((expectedCode, 0)));
    }

    [Test]
    public async Task Dispatch_ValueBeyondItsRecordType_IsPropertyConstraintViolation()
    {
        // The schema's "integer" has no bound; the record's int does.
        var answer = await DispatchAsync("StatusNotification", """{"connectorId":99999999999,"errorCode":"NoError","status":"Available"}""");

        Assert.That(CodeOf(answer), Is.EqualTo("PropertyConstraintViolation"));
    }

    [Test]
    public async Task Dispatch_HandlerThrows_IsInternalErrorAndTheFaultIsReported()
    {
        var failure = new InvalidOperationException("the disk is full");
        var router = new OcppRouter(Schemas.Validator, (_, action, ex) => _faults.Add((action, ex)))
            .Map<AuthorizeRequest, AuthorizeResponse>("Authorize", async (_, _, ct) =>
            {
                await Task.Yield();
                throw failure;
            });

        var answer = await router.DispatchAsync(Context("m2"), new OcppCall("m2", "Authorize", JObject.Parse("""{"idTag":"A"}""")), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((CodeOf(answer), answer.MessageId), Is.EqualTo(("InternalError", "m2")));
            Assert.That((answer as OcppCallError)?.ErrorDescription, Does.Not.Contain("disk"), "the cause is logged, not told to the charger");
            Assert.That(_faults, Is.EqualTo(new[] { ("Authorize", (Exception)failure) }));
        }
    }

    [Test]
    public async Task Dispatch_HandlerThrowsBeforeItsFirstAwait_IsInternalError()
    {
        var router = new OcppRouter(Schemas.Validator, (_, action, ex) => _faults.Add((action, ex)))
            .Map<AuthorizeRequest, AuthorizeResponse>("Authorize", (_, _, _) => throw new InvalidOperationException("at once"));

        var answer = await router.DispatchAsync(Context("m3"), new OcppCall("m3", "Authorize", JObject.Parse("""{"idTag":"A"}""")), CancellationToken.None);

        Assert.That((CodeOf(answer), _faults.Count), Is.EqualTo(("InternalError", 1)));
    }

    [Test]
    public async Task Dispatch_HandlerRefusesWithAProtocolException_AnswersItsCodeWithoutReportingAFault()
    {
        var router = new OcppRouter(Schemas.Validator, (_, action, ex) => _faults.Add((action, ex)))
            .Map<AuthorizeRequest, AuthorizeResponse>("Authorize", (_, _, _) =>
                throw new OcppProtocolException(OcppErrorCode.PropertyConstraintViolation, "not a card we issue"));

        var answer = await router.DispatchAsync(Context("m4"), new OcppCall("m4", "Authorize", JObject.Parse("""{"idTag":"A"}""")), CancellationToken.None);

        Assert.That((CodeOf(answer), (answer as OcppCallError)?.ErrorDescription, _faults.Count),
            Is.EqualTo(("PropertyConstraintViolation", "not a card we issue", 0)));
    }

    private sealed record NotAnAuthorizeResponse(string Colour);

    [Test]
    public async Task Dispatch_ResponseFailingItsSchema_IsInternalErrorAndTheFaultIsReported()
    {
        var router = new OcppRouter(Schemas.Validator, (_, action, ex) => _faults.Add((action, ex)))
            .Map<AuthorizeRequest, NotAnAuthorizeResponse>("Authorize", (_, _, _) => Task.FromResult(new NotAnAuthorizeResponse("red")));

        var answer = await router.DispatchAsync(Context("m5"), new OcppCall("m5", "Authorize", JObject.Parse("""{"idTag":"A"}""")), CancellationToken.None);

        Assert.That((CodeOf(answer), _faults.Count), Is.EqualTo(("InternalError", 1)));
    }

    [Test]
    public void Dispatch_HandlerCancelledByTheConnectionEnding_IsNotAnswered()
    {
        using var ended = new CancellationTokenSource();
        var router = new OcppRouter(Schemas.Validator, (_, action, ex) => _faults.Add((action, ex)))
            .Map<AuthorizeRequest, AuthorizeResponse>("Authorize", async (_, _, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                return new AuthorizeResponse(new IdTagInfo(AuthorizationStatus.Accepted));
            });

        var answering = router.DispatchAsync(Context("m6"), new OcppCall("m6", "Authorize", JObject.Parse("""{"idTag":"A"}""")), ended.Token);
        ended.Cancel();

        Assert.That(async () => await answering, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(_faults, Is.Empty);
    }

    [Test]
    public void Map_ActionWithoutSchema_Throws() =>
        Assert.That(() => _router.Map<AuthorizeRequest, AuthorizeResponse>("MakeCoffee", (_, _, _) => Task.FromResult(new AuthorizeResponse(new IdTagInfo(AuthorizationStatus.Accepted)))),
            Throws.ArgumentException);

    private sealed record Nothing;

    [Test]
    public void Map_ResponseWithoutFieldsForAnActionThatRequiresSome_Throws() =>
        Assert.That(() => new OcppRouter(Schemas.Validator).Map<AuthorizeRequest, Nothing>("Authorize", (_, _, _) => Task.FromResult(new Nothing())),
            Throws.ArgumentException.With.Message.Contains("Authorize.conf"));

    [Test]
    public void Map_SameActionTwice_Throws() =>
        Assert.That(() => _router.Map<AuthorizeRequest, AuthorizeResponse>("Authorize", (_, _, _) => Task.FromResult(new AuthorizeResponse(new IdTagInfo(AuthorizationStatus.Accepted)))),
            Throws.ArgumentException);
}
