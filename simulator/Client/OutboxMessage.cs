using Newtonsoft.Json.Linq;

namespace ChargeMonitor.Simulator.Client;

/// <summary>A CALL waiting in the <see cref="TransactionOutbox"/>; its payload, timestamps included, is fixed when queued.</summary>
internal sealed class OutboxMessage(string action, JObject payload, bool queuedOffline)
{
    public string Action { get; } = action;
    public JObject Payload { get; } = payload;
    public bool QueuedOffline { get; } = queuedOffline;
    public int Attempts { get; set; }
    public TaskCompletionSource<JObject> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
