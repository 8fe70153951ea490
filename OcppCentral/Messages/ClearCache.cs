namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §5.4: clear the charger's authorization cache.</summary>
public sealed record ClearCacheRequest;

public sealed record ClearCacheResponse(string Status);
