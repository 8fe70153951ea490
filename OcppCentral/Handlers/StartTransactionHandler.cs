using OcppCentral.Ledger;
using OcppCentral.Messages;
using OcppCentral.Protocol;

namespace OcppCentral.Handlers;

/// <summary>
/// OCPP 1.6 §4.8 StartTransaction: the charger has started; the session is recorded (durably) and its
/// transactionId returned, with the idTag's verdict. A Blocked or Invalid idTag still gets its session
/// recorded: the energy may already be flowing, and the charger decides whether to stop. A resend with the
/// same content gets the first copy's transactionId.
/// </summary>
public sealed class StartTransactionHandler(TransactionLedger ledger, IdTagAuthorizer authorizer, ILogger<StartTransactionHandler> logger)
{
    public async Task<StartTransactionResponse> HandleAsync(OcppRequestContext context, StartTransactionRequest request, CancellationToken ct)
    {
        var idTagInfo = await authorizer.AuthorizeAsync(request.IdTag, ct);
        var transactionId = await ledger.StartAsync(new TransactionStart(context.ChargePointId, request.ConnectorId, request.IdTag,
            request.MeterStart, request.Timestamp, request.ReservationId, context.ReceivedAt), ct);
        using var scope = TransactionLogScope.Begin(logger, transactionId);
        logger.LogInformation("{ChargePointId} started transaction {TransactionId} on connector {ConnectorId} for an idTag ({Status})",
            context.ChargePointId, transactionId, request.ConnectorId, idTagInfo.Status);
        return new StartTransactionResponse(idTagInfo, transactionId);
    }
}
