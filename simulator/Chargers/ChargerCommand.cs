namespace ChargeMonitor.Simulator.Chargers;

/// <summary>What the charger does after it has answered a server call.</summary>
internal abstract record ChargerCommand;

internal sealed record StartSessionCommand(string IdTag) : ChargerCommand;

internal sealed record StopSessionCommand(long TransactionId, string Reason) : ChargerCommand;

internal sealed record ResetCommand(bool Hard) : ChargerCommand;

internal sealed record SetAvailabilityCommand(bool Operative) : ChargerCommand;

internal sealed record SendMessageCommand(string Action, int? ConnectorId) : ChargerCommand;
