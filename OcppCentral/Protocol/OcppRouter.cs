using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OcppCentral.Protocol;

/// <summary>
/// The dispatcher: action → schema check → typed request → handler → CALLRESULT or CALLERROR.
/// The route table is built once at start-up and then only read, so it is safe across connections.
/// </summary>
public sealed class OcppRouter(SchemaValidator schemas, Action<OcppRequestContext, OcppCall, Exception>? onHandlerFault = null)
{
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
        _routes.Add(action, async (context, payload, ct) =>
        {
            var request = payload.ToObject<TRequest>(OcppJson.Serializer)
                ?? throw new OcppProtocolException(OcppErrorCode.FormationViolation, "The payload is empty.");
            return await handler(context, request, ct).ConfigureAwait(false);
        });
        if (typeof(TResponse).GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance).Length == 0)
        {
            if (schemas.ValidateResponse(action, new JObject()) is { } bad)
                throw new ArgumentException($"{typeof(TResponse).Name} has no fields, but {action}.conf requires some: {bad.Description}", nameof(handler));
            _emptyResponses.Add(action);
        }
        return this;
    }

    public async Task<OcppFrame> DispatchAsync(OcppRequestContext context, OcppCall call, CancellationToken ct)
    {
        if (!_routes.TryGetValue(call.Action, out var route))
        {
            return schemas.IsKnownAction(call.Action)
                ? Error(call, OcppErrorCode.NotSupported, $"This central system does not handle '{call.Action}' from a charge point.")
                : Error(call, OcppErrorCode.NotImplemented, $"'{call.Action}' is not an OCPP 1.6 action.");
        }

        if (schemas.ValidateRequest(call.Action, call.Payload) is { } violation)
            return Error(call, violation.ErrorCode, violation.Description);

        object response;
        try
        {
            response = await route(context, call.Payload, ct).ConfigureAwait(false);
        }
        catch (OcppProtocolException ex)
        {
            return Error(call, ex.ErrorCode, ex.Message);
        }
        catch (JsonException ex)
        {
            // The schema passed but a value does not fit its type here (an int beyond 2^31, a malformed timestamp).
            return Error(call, OcppErrorCode.PropertyConstraintViolation, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            onHandlerFault?.Invoke(context, call, ex);
            return Error(call, OcppErrorCode.InternalError, "The central system could not process this message; it has been logged.");
        }

        if (_emptyResponses.Contains(call.Action))
            return new OcppCallResult(call.MessageId, new JObject());
        var payload = FrameWriter.ToPayload(response);
        if (schemas.ValidateResponse(call.Action, payload) is { } bad)
        {
            onHandlerFault?.Invoke(context, call, new InvalidOperationException($"Response to {call.Action} violates its schema: {bad.Description}"));
            return Error(call, OcppErrorCode.InternalError, "The central system produced an invalid response; it has been logged.");
        }
        return new OcppCallResult(call.MessageId, payload);
    }

    private static OcppCallError Error(OcppCall call, string code, string description) =>
        OcppCallError.Create(call.MessageId, code, description);
}
