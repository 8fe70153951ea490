using System.Text.Json.Nodes;

namespace OcppCentral.Admin.Commands;

/// <summary>
/// A command as GET /api/chargepoints/{id}/commands shows it: the OCPP request and response payloads as JSON,
/// the outcome (Pending, Answered, CallError, Timeout, NotConnected, Disconnected) and, unless answered, why.
/// </summary>
public sealed record CommandView(
    long Id, string Action, JsonNode? Request, string Outcome, JsonNode? Response, CommandErrorView? Error,
    DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt);
