using OcppCentral.CostDisplay;
using OcppCentral.Ledger;
using OcppCentral.Messages;
using OcppCentral.Protocol;
using OcppCentral.Sessions;

namespace OcppCentral.Handlers;

/// <summary>
/// OCPP 1.6 §4.10 StopTransaction: the transactionData is stored, the session closed, measured, checked and
/// priced, all committed before the answer. It is always answered: a resend for a Completed session changes
/// nothing, and a Stop for an unknown transaction (-1, 0, 2^63−1 …) is kept as an orphan (docs/anomalies-and-feedback.md).
/// A session it closed then shows its total on the charger's display (docs/charger-display.md).
/// </summary>
public sealed class StopTransactionHandler(TransactionLedger ledger, IdTagAuthorizer authorizer, CostDisplayService costDisplay,
    ILogger<StopTransactionHandler> logger)
{
    public async Task<StopTransactionResponse> HandleAsync(OcppRequestContext context, StopTransactionRequest request, CancellationToken ct)
    {
        using var scope = TransactionLogScope.Begin(logger, request.TransactionId);
        var outcome = await ledger.StopAsync(new TransactionStop(context.ChargePointId, request.TransactionId, request.MeterStop,
            request.Timestamp, request.Reason, request.IdTag, MeterValueNormalizer.Normalize(request.TransactionData),
            context.PayloadText, context.ReceivedAt), ct);
        logger.Log(outcome == StopOutcome.Orphan ? LogLevel.Warning : LogLevel.Information,
            "{ChargePointId} stopped transaction {TransactionId}: {Outcome}", context.ChargePointId, request.TransactionId, outcome);
        if (outcome == StopOutcome.Completed)
            costDisplay.AfterStop(context, (long)request.TransactionId);
        // OCPP 1.6 §4.10: idTagInfo only when the request carried an idTag.
        return new StopTransactionResponse(request.IdTag is null ? null : await authorizer.AuthorizeAsync(request.IdTag, ct));
    }
}
