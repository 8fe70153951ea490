namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §5.3: set one configuration key.</summary>
public sealed record ChangeConfigurationRequest(string Key, string Value);

public sealed record ChangeConfigurationResponse(string Status);
