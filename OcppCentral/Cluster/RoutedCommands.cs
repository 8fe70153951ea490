using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OcppCentral.Admin.Commands;
using OcppCentral.Protocol;
using OcppCentral.Storage;
using OcppCentral.Transport;

namespace OcppCentral.Cluster;

/// <summary>
/// A command for a charger another instance holds (docs/deployment.md, command routing). The caller's instance writes it to
/// the command log with the holder as its target, notified in the same transaction, and waits; the holder takes it (a
/// notification, or its sweep), makes the OCPP call on the charger's connection as for its own commands (one outstanding
/// call per charger, the same timeout), records the outcome and notifies; the caller's instance reads it and answers its
/// HTTP caller as a single instance would. Does nothing on SQLite.
/// </summary>
public sealed class RoutedCommands(InstanceIdentity instance, ClusterStore cluster, CommandStore store, ChargerRegistry registry,
    CommandCaller caller, IOptions<ClusterOptions> options, TimeProvider time, ILogger<RoutedCommands> logger)
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<CommandRecord>> _waiting = new();

    /// <summary>
    /// Sends the command through the instance holding the charger and waits for its outcome, however long the holder's queue
    /// for that charger is (as on one instance); an instance that dies meanwhile has its commands ended by a live one's sweep.
    /// </summary>
    /// <returns>The command and how it ended; null when no other live instance holds the charger (it is not connected).</returns>
    public async Task<(long CommandId, ServerCallResult Result)?> TrySendAsync(string chargePointId, string action, string request, string payload,
        AuditDraft? audit)
    {
        if (!instance.Shared)
            return null;
        var now = time.GetUtcNow();
        if (await cluster.HolderAsync(chargePointId, now - options.Value.InstanceTimeout, CancellationToken.None) is not { } holder
            || holder == instance.Id)
            return null;
        var id = await store.InsertRoutedAsync(chargePointId, action, request, payload, holder, instance.Id, now, audit, CancellationToken.None);
        var ended = _waiting.GetOrAdd(id, _ => new TaskCompletionSource<CommandRecord>(TaskCreationOptions.RunContinuationsAsynchronously));
        logger.LogInformation("Command {CommandId} {Action} to {ChargePointId} goes through {InstanceId}", id, action, chargePointId, holder);
        try
        {
            // The answer may have been notified before the wait was registered.
            await CompleteEndedAsync([id], CancellationToken.None);
            var record = await ended.Task;
            return (id, Result(record));
        }
        finally
        {
            _waiting.TryRemove(id, out _);
        }
    }

    /// <summary>A notification: a command this instance waits for has ended.</summary>
    public async Task AnsweredAsync(long commandId, CancellationToken ct)
    {
        if (_waiting.ContainsKey(commandId))
            await CompleteEndedAsync([commandId], ct);
    }

    /// <summary>A notification, or the sweep: a command was routed to this instance. Sends it unless it is taken already.</summary>
    public async Task RunAsync(long commandId, CancellationToken ct)
    {
        if (await store.TakeAsync(commandId, instance.Id, time.GetUtcNow(), ct) is not { } command)
            return;
        if (registry.TryGet(command.ChargePointId, out var connection))
        {
            await caller.CallAsync(connection, command.Id, command.Action, ReadPayload(command.Payload), command.Audit);
            return;
        }
        // The charger left, or moved on before the command was taken: it follows the charger, or ends as not connected.
        var holder = await cluster.HolderAsync(command.ChargePointId, time.GetUtcNow() - options.Value.InstanceTimeout, ct);
        if (holder is not null && holder != instance.Id)
            await store.RerouteAsync(command.Id, holder, ct);
        else
            await caller.NotConnectedAsync(command.Id, command.Action);
    }

    /// <summary>Makes up for lost notifications: sends the commands routed here and not taken, and reads the outcomes waited for.</summary>
    public async Task SweepAsync(CancellationToken ct)
    {
        if (!instance.Shared)
            return;
        foreach (var id in await store.UntakenAsync(instance.Id, ct))
            _ = RunSafelyAsync(id, ct);
        if (!_waiting.IsEmpty)
            await CompleteEndedAsync(_waiting.Keys.ToList(), ct);
    }

    /// <summary>Runs a routed command in the background; a failure is logged and the command is left for the sweep of a live instance.</summary>
    public async Task RunSafelyAsync(long commandId, CancellationToken ct)
    {
        try
        {
            await RunAsync(commandId, ct);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogError(ex, "Sending the routed command {CommandId} failed", commandId);
        }
    }

    private async Task CompleteEndedAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        foreach (var record in await store.EndedAsync(ids, ct))
        {
            if (_waiting.TryGetValue(record.Id, out var waiter))
                waiter.TrySetResult(record);
        }
    }

    /// <summary>The outcome as the holder recorded it: the same result a call on this instance would have given.</summary>
    private static ServerCallResult Result(CommandRecord record) =>
        Enum.TryParse<ServerCallOutcome>(record.Outcome, out var outcome) ? outcome switch
        {
            ServerCallOutcome.Answered => ServerCallResult.Answered(ReadPayload(record.Response ?? "{}")),
            ServerCallOutcome.CallError => ServerCallResult.Refused(record.ErrorCode ?? "GenericError", record.ErrorDescription ?? "",
                ReadPayload(record.ErrorDetails ?? "{}")),
            _ => new ServerCallResult(outcome, null, record.ErrorCode, record.ErrorDescription, null),
        } : ServerCallResult.Disconnected;

    /// <summary>The payload as the caller's instance wrote it, read like a frame from a charger (timestamps as text, decimals whole).</summary>
    private static JObject ReadPayload(string payload)
    {
        using var reader = new JsonTextReader(new StringReader(payload))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Decimal,
            MaxDepth = OcppJson.Settings.MaxDepth,
        };
        return JObject.Load(reader);
    }
}
