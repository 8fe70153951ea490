using System.Text.Json;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Anomalies;

/// <summary>
/// A StopTransaction or MeterValues for a transaction this server does not know (docs/anomalies-and-feedback.md). transactionId is the
/// integer the charger sent, as a string so that 2^63−1 survives a JavaScript client; payload is the message's JSON.
/// </summary>
public sealed record OrphanMessageView(long Id, string ChargePointId, string Action, string? TransactionId, DateTimeOffset ReceivedAt,
    JsonElement Payload)
{
    public static OrphanMessageView From(OrphanMessage message) => new(message.Id, message.ChargePointId, message.Action,
        message.TransactionId, message.ReceivedAt, JsonElement.Parse(message.Payload));
}
