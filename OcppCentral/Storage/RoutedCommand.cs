namespace OcppCentral.Storage;

/// <summary>
/// A command the holding instance took to send (docs/deployment.md): the payload as it goes to the charger, and the audit row
/// of the operator's call, appended when the charger answers.
/// </summary>
public sealed record RoutedCommand(long Id, string ChargePointId, string Action, string Payload, AuditDraft? Audit);
