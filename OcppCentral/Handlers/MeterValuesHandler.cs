using OcppCentral.CostDisplay;
using OcppCentral.Ledger;
using OcppCentral.Messages;
using OcppCentral.Protocol;
using OcppCentral.Sessions;

namespace OcppCentral.Handlers;

/// <summary>
/// OCPP 1.6 §4.7 MeterValues: every sampledValue is stored as a row before the answer goes out. A report for a
/// transaction this server does not know is answered all the same (so the charger's queue drains) and kept as
/// an orphan (docs/anomalies-and-feedback.md). A transaction's cost so far then goes to the charger's display
/// (docs/charger-display.md).
/// </summary>
public sealed class MeterValuesHandler(TransactionLedger ledger, CostDisplayService costDisplay, ILogger<MeterValuesHandler> logger)
{
    private static readonly MeterValuesResponse Answer = new();

    public async Task<MeterValuesResponse> HandleAsync(OcppRequestContext context, MeterValuesRequest request, CancellationToken ct)
    {
        using var scope = TransactionLogScope.Begin(logger, request.TransactionId);
        var report = new MeterValuesReport(context.ChargePointId, request.ConnectorId, request.TransactionId,
            MeterValueNormalizer.Normalize(request.MeterValue), context.PayloadText,
            context.ReceivedAt);
        if (!await ledger.AddMeterValuesAsync(report, ct))
            logger.LogWarning("{ChargePointId} sent MeterValues for unknown transaction {TransactionId}; kept as an orphan",
                context.ChargePointId, request.TransactionId);
        else if (request.TransactionId is { } transactionId && transactionId > 0 && transactionId <= long.MaxValue && request.ConnectorId != 0
                 && request.MeterValue.Count > 0)
            costDisplay.AfterMeterValues(context, (long)transactionId, Latest(request.MeterValue));
        return Answer;
    }

    private static DateTimeOffset Latest(IReadOnlyList<MeterValue> meterValues)
    {
        var latest = meterValues[0].Timestamp;
        for (var i = 1; i < meterValues.Count; i++)
        {
            if (meterValues[i].Timestamp > latest)
                latest = meterValues[i].Timestamp;
        }
        return latest;
    }
}
