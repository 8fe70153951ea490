namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §7.23.</summary>
public enum DataTransferStatus
{
    Accepted,
    Rejected,
    UnknownMessageId,
    UnknownVendorId,
}
