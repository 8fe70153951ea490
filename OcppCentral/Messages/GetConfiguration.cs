namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §5.8: read configuration keys (all of them when key is absent).</summary>
public sealed record GetConfigurationRequest(IReadOnlyList<string>? Key = null);

public sealed record GetConfigurationResponse(IReadOnlyList<KeyValue>? ConfigurationKey = null, IReadOnlyList<string>? UnknownKey = null);

public sealed record KeyValue(string Key, bool Readonly, string? Value = null);
