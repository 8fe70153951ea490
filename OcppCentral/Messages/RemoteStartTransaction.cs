using Newtonsoft.Json.Linq;

namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §5.11: the central system asks the charger to start a transaction for an idTag.</summary>
public sealed record RemoteStartTransactionRequest(string IdTag, int? ConnectorId = null, JObject? ChargingProfile = null);

public sealed record RemoteStartTransactionResponse(string Status);
