using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OcppCentral.Protocol;

/// <summary>
/// The dispatcher: action → schema check → typed request → handler → CALLRESULT or CALLERROR.
/// The route table is built once at start-up and then only read, so it is safe across connections.
/// </summary>
public sealed class OcppRouter(SchemaValidator schemas, Action<OcppRequestContext, string, Exception>? onHandlerFault = null)
{
    // Deserializes the payload and starts the handler; the returned task holds the handler's work, not the payload.
    private delegate Task<object> Route(OcppRequestContext context, JObject payload, CancellationToken ct);

    private readonly Dictionary<string, Route> _routes = new(StringComparer.Ordinal);

    // Actions whose confirmation carries no field (MeterValues.conf, StatusNotification.conf …): their payload is
    // always {}, checked against its schema once when the route is mapped instead of serialized and checked per message.
    private readonly HashSet<string> _emptyResponses = new(StringComparer.Ordinal);

    public SchemaValidator Schemas => schemas;

    public IReadOnlyCollection<string> Actions => _routes.Keys;

    public OcppRouter Map<TRequest, TResponse>(string action, Func<OcppRequestContext, TRequest, CancellationToken, Task<TResponse>> handler)
        where TRequest : class
        where TResponse : class
    {
        if (!schemas.IsKnownAction(action))
            throw new ArgumentException($"'{action}' is not an OCPP 1.6 action with a schema.", nameof(action));
        _routes.Add(action, (context, payload, ct) =>
        {
            var request = payload.ToObject<TRequest>(OcppJson.Serializer)
                ?? throw new OcppProtocolException(OcppErrorCode.FormationViolation, "The payload is empty.");
            return Boxed(handler(context, request, ct));
        });
        if (typeof(TResponse).GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance).Length == 0)
        {
            if (schemas.ValidateResponse(action, new JObject()) is { } bad)
                throw new ArgumentException($"{typeof(TResponse).Name} has no fields, but {action}.conf requires some: {bad.Description}", nameof(handler));
            _emptyResponses.Add(action);
        }
        return this;
    }

    /// <summary>
    /// Validates and deserializes the payload now, then answers once the handler has. The returned task does not keep
    /// the parsed payload alive while the handler waits (for a commit, say): only the handler's own state.
    /// </summary>
    public Task<OcppFrame> DispatchAsync(OcppRequestContext context, OcppCall call, CancellationToken ct)
    {
        if (!_routes.TryGetValue(call.Action, out var route))
        {
            return Task.FromResult<OcppFrame>(schemas.IsKnownAction(call.Action)
                ? Error(call.MessageId, OcppErrorCode.NotSupported, $"This central system does not handle '{call.Action}' from a charge point.")
                : Error(call.MessageId, OcppErrorCode.NotImplemented, $"'{call.Action}' is not an OCPP 1.6 action."));
        }

        if (schemas.ValidateRequest(call.Action, call.Payload) is { } violation)
            return Task.FromResult<OcppFrame>(Error(call.MessageId, violation.ErrorCode, violation.Description));

        Task<object> handling;
        try
        {
            handling = route(context, call.Payload, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return Task.FromResult<OcppFrame>(Refusal(context, call.Action, ex));
        }
        return AnswerAsync(context, call.Action, handling, ct);
    }

    private async Task<OcppFrame> AnswerAsync(OcppRequestContext context, string action, Task<object> handling, CancellationToken ct)
    {
        object response;
        try
        {
            response = await handling.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return Refusal(context, action, ex);
        }

        if (_emptyResponses.Contains(action))
            return new OcppCallResult(context.MessageId, new JObject());
        var payload = FrameWriter.ToPayload(response);
        if (schemas.ValidateResponse(action, payload) is { } bad)
        {
            onHandlerFault?.Invoke(context, action, new InvalidOperationException($"Response to {action} violates its schema: {bad.Description}"));
            return Error(context.MessageId, OcppErrorCode.InternalError, "The central system produced an invalid response; it has been logged.");
        }
        return new OcppCallResult(context.MessageId, payload);
    }

    /// <summary>What a failure while deserializing or handling becomes.</summary>
    private OcppCallError Refusal(OcppRequestContext context, string action, Exception ex)
    {
        switch (ex)
        {
            case OcppProtocolException protocol:
                return Error(context.MessageId, protocol.ErrorCode, protocol.Message);
            case JsonException json:
                // The schema passed but a value does not fit its type here (an int beyond 2^31, a malformed timestamp).
                return Error(context.MessageId, OcppErrorCode.PropertyConstraintViolation, json.Message);
            default:
                onHandlerFault?.Invoke(context, action, ex);
                return Error(context.MessageId, OcppErrorCode.InternalError, "The central system could not process this message; it has been logged.");
        }
    }

    private static async Task<object> Boxed<TResponse>(Task<TResponse> handling) where TResponse : class =>
        await handling.ConfigureAwait(false);

    private static OcppCallError Error(string messageId, string code, string description) =>
        OcppCallError.Create(messageId, code, description);
}
