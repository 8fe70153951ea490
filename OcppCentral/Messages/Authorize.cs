namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §4.1: the charger asks whether an idTag may charge.</summary>
public sealed record AuthorizeRequest(string IdTag);

public sealed record AuthorizeResponse(IdTagInfo IdTagInfo);
