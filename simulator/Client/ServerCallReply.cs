namespace ChargeMonitor.Simulator.Client;

/// <summary>
/// What a <see cref="OcppClient.ServerCallHandler"/> returns when the answer has a consequence: the response is
/// written first and <paramref name="ThenAsync"/> runs afterwards, never inside the handler — a charger answers
/// TriggerMessage before it sends the triggered message, and Reset before it reboots (OCPP 1.6 §5.14, §5.17).
/// </summary>
public sealed record ServerCallReply(object Response, Func<Task> ThenAsync);
