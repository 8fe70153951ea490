using System.Collections.Frozen;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Newtonsoft.Json;
using OcppCentral.Admin.Audit;
using Newtonsoft.Json.Linq;
using OcppCentral.Admission;
using OcppCentral.Operations;
using OcppCentral.Protocol;
using OcppCentral.Storage;
using OcppCentral.Transport;

namespace OcppCentral.Admin.Commands;

/// <summary>
/// /api/chargepoints/{id}/commands: send a server-initiated OCPP call with the body as its payload, and list what
/// was sent (docs/admin-api.md). 200 carries the charger's answer; 404 not connected; 502 CALLERROR or a disconnect mid-call;
/// 504 no answer within Ocpp:CallTimeout; 400 an unsupported action or a payload that fails its schema (nothing sent).
/// </summary>
public static class CommandsApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;

    /// <summary>docs/ocpp-endpoint.md: the server-initiated actions the admin API sends, found case-insensitively, by their OCPP spelling.</summary>
    public static readonly FrozenDictionary<string, string> Actions = new[]
    {
        "RemoteStartTransaction", "RemoteStopTransaction", "Reset", "UnlockConnector", "ChangeAvailability",
        "ChangeConfiguration", "GetConfiguration", "ClearCache", "TriggerMessage", "DataTransfer",
    }.ToFrozenDictionary(action => action, StringComparer.OrdinalIgnoreCase);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static RouteGroupBuilder MapCommandsApi(this RouteGroupBuilder api)
    {
        // The body is read by hand (an OCPP payload, kept as sent); DescribesBody documents it (docs/observability.md).
        api.MapPost("/chargepoints/{id}/commands/{action}", SendAsync).WithName("SendCommand")
            .WithSummary("Send a server-initiated OCPP call; the body is its payload, the answer the charger's")
            .DescribesBody<JsonObject>(required: false)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status502BadGateway).ProducesProblem(StatusCodes.Status504GatewayTimeout);
        api.MapGet("/chargepoints/{id}/commands", ListAsync).WithName("ListCommands")
            .WithSummary("Commands sent to a charger, newest first").ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<Results<Ok<JsonNode>, ProblemHttpResult>> SendAsync(string id, string action, HttpRequest request,
        OcppRouter router, CommandSender sender, CancellationToken ct)
    {
        if (ChargePointIdentity.Problem(id) is { } idProblem)
            return Problems.Invalid("id", idProblem);
        if (!Actions.TryGetValue(action, out var ocppAction))
            return Problems.Invalid("action", $"'{action}' is not a command; the commands are {string.Join(", ", Actions.Values.Order(StringComparer.Ordinal))}.");

        using var reader = new StreamReader(request.Body, StrictUtf8);
        string body;
        try
        {
            body = await reader.ReadToEndAsync(ct);
        }
        catch (DecoderFallbackException)
        {
            return Problems.Invalid("payload", "The body is not UTF-8 text.");
        }
        var (payload, bodyProblem) = ReadPayload(body);
        if (payload is null)
            return Problems.Invalid("payload", bodyProblem!);
        if (router.Schemas.ValidateRequest(ocppAction, payload) is { } violation)
            return Problems.Invalid("payload", $"{violation.ErrorCode}: {violation.Description}");

        var (commandId, result) = await sender.SendAsync(id, ocppAction, payload, AuditDrafts.For(request.HttpContext, StatusCodes.Status200OK));
        var reference = new Dictionary<string, object?> { ["commandId"] = commandId };
        return result.Outcome switch
        {
            ServerCallOutcome.Answered => TypedResults.Ok(JsonNode.Parse(result.Response!.ToString(Formatting.None))!),
            ServerCallOutcome.CallError => TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "The charger refused the command",
                detail: $"{result.ErrorCode}: {result.ErrorDescription}",
                extensions: new Dictionary<string, object?>(reference)
                {
                    ["errorCode"] = result.ErrorCode, ["errorDescription"] = result.ErrorDescription,
                    ["errorDetails"] = JsonNode.Parse(result.ErrorDetails?.ToString(Formatting.None) ?? "{}"),
                }),
            ServerCallOutcome.Timeout => TypedResults.Problem(statusCode: StatusCodes.Status504GatewayTimeout, title: "No answer from the charger",
                detail: result.ErrorDescription, extensions: reference),
            ServerCallOutcome.Disconnected => TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "The charger disconnected",
                detail: result.ErrorDescription, extensions: reference),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found",
                detail: $"Charge point '{id}' is not connected; nothing was sent.", extensions: reference),
        };
    }

    private static async Task<Results<Ok<List<CommandView>>, ProblemHttpResult>> ListAsync(string id, int? limit, CommandStore store,
        CancellationToken ct)
    {
        if (limit is < 1 or > MaxLimit)
            return Problems.Invalid("limit", $"limit is between 1 and {MaxLimit}.");
        return TypedResults.Ok((await store.ListAsync(id, limit ?? DefaultLimit, ct)).Select(View).ToList());
    }

    private static CommandView View(CommandRecord command) =>
        new(command.Id, command.Action, JsonNode.Parse(command.Request), command.Outcome,
            command.Response is null ? null : JsonNode.Parse(ConfigurationSecrets.AnswerForLog(command.Action, command.Response)),
            command.ErrorCode is null && command.ErrorDescription is null ? null : new CommandErrorView(command.ErrorCode, command.ErrorDescription),
            command.RequestedAt, command.CompletedAt);

    /// <summary>
    /// The body as an OCPP payload: a JSON object (an empty body is <c>{}</c>, e.g. for ClearCache), read like a frame
    /// from a charger so timestamps stay the strings that were sent and decimals keep their digits.
    /// </summary>
    private static (JObject? Payload, string? Problem) ReadPayload(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
            return (new JObject(), null);
        try
        {
            using var reader = new JsonTextReader(new StringReader(body))
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Decimal,
                MaxDepth = OcppJson.Settings.MaxDepth,
            };
            var token = JToken.ReadFrom(reader);
            if (reader.Read() && reader.TokenType != JsonToken.Comment)
                return (null, "Text follows the JSON payload.");
            if (token is not JObject payload)
                return (null, "The payload must be a JSON object.");
            var badText = payload.DescendantsAndSelf().Any(t => t is JProperty p && !JsonText.IsWellFormed(p.Name)
                                                               || t is JValue { Type: JTokenType.String, Value: string s } && !JsonText.IsWellFormed(s));
            return badText ? (null, "The payload holds text that is not valid Unicode (a lone surrogate).") : (payload, null);
        }
        catch (JsonException ex)
        {
            return (null, $"The body is not JSON: {ex.Message}");
        }
    }
}
