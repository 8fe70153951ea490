using OcppCentral.Messages;
using OcppCentral.Protocol;

namespace OcppCentral.Handlers;

/// <summary>
/// OCPP 1.6 §4.3 DataTransfer: this central system has no vendor extensions, so every vendorId is unknown
/// (UnknownVendorId is the answer the specification gives for that). The message is logged for the operator.
/// </summary>
public sealed class DataTransferHandler(ILogger<DataTransferHandler> logger)
{
    public Task<DataTransferResponse> HandleAsync(OcppRequestContext context, DataTransferRequest request, CancellationToken ct)
    {
        logger.LogInformation("{ChargePointId} DataTransfer from vendor {VendorId}, messageId {VendorMessageId}",
            context.ChargePointId, request.VendorId, request.MessageId);
        return Task.FromResult(new DataTransferResponse(DataTransferStatus.UnknownVendorId));
    }
}
