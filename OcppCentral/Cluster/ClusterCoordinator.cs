using System.Globalization;
using Microsoft.Extensions.Options;
using OcppCentral.Storage;
using OcppCentral.Webhooks;

namespace OcppCentral.Cluster;

/// <summary>
/// This instance's part in a cluster on one PostgreSQL database (docs/deployment.md): it joins at start, listens for the
/// notifications of the others (a charger connected elsewhere, a command routed here, an answer waited for), heartbeats
/// every <see cref="ClusterOptions.HeartbeatInterval"/> and at each heartbeat sweeps for what a lost notification would
/// have said (a charger that moved, a command, a change of a charger's record) and for instances that died (their chargers
/// are then held nowhere, their commands end), takes the lead of the periodic work when it is free (<see cref="JobLeadership"/>),
/// and stores the lastSeen of its chargers. It leaves at a graceful stop. Does nothing on SQLite.
/// </summary>
public sealed class ClusterCoordinator(InstanceIdentity instance, ClusterStore store, ConnectionHolders holders, RoutedCommands commands,
    JobLeadership leadership, WebhookOutbox outbox, ChargerEventStore events, IOptions<ClusterOptions> options, TimeProvider time,
    ILogger<ClusterCoordinator> logger) : BackgroundService
{
    private static readonly string[] Channels =
        [ClusterStore.ConnectionsChannel, ClusterStore.CommandsChannel, ClusterStore.AnswersChannel, ClusterStore.ChargersChannel, WebhookOutbox.EventsChannel];

    private CancellationToken _stopping;

    /// <summary>
    /// At start, before chargers are admitted: this instance is alive from now on. An earlier life under the same
    /// <c>--instance-id</c> that died holds nothing any more: its chargers are released and its commands end first.
    /// </summary>
    public async Task JoinAsync(CancellationToken ct)
    {
        if (!instance.Shared)
            return;
        var now = time.GetUtcNow();
        await store.LeaveAsync(instance.Id, now, ct);
        await store.HeartbeatAsync(instance.Id, now, ct);
        await leadership.RenewAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!instance.Shared)
            return;
        _stopping = stoppingToken;
        var listening = ListenAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await SweepAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await listening;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!instance.Shared)
            return;
        await leadership.DisposeAsync();
        try
        {
            await store.LeaveAsync(instance.Id, time.GetUtcNow(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "Could not record that instance {InstanceId} left; the others will find it gone after {Timeout}",
                instance.Id, options.Value.InstanceTimeout);
        }
    }

    /// <summary>Heartbeat, then the sweeps; a failure is logged and the next tick tries again.</summary>
    private async Task SweepAsync(CancellationToken ct)
    {
        try
        {
            var now = time.GetUtcNow();
            await store.HeartbeatAsync(instance.Id, now, ct);
            var dead = await store.EndDeadAsync(instance.Id, now - options.Value.InstanceTimeout, now, ct);
            if (dead.Count > 0)
            {
                logger.LogWarning("Instance(s) {InstanceIds} stopped heartbeating; their chargers and commands are released", string.Join(", ", dead));
                await events.CloseDanglingAsync(ct, exceptHeld: true);
            }
            await holders.SweepAsync(ct);
            await holders.SweepChangesAsync(ct);
            await commands.SweepAsync(ct);
            await leadership.RenewAsync(ct);
            await holders.RecordLastSeenAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "The cluster sweep of instance {InstanceId} failed; trying again at the next heartbeat", instance.Id);
        }
    }

    /// <summary>Listens until stopped; a lost listening connection is opened again after a heartbeat interval, then swept for.</summary>
    private async Task ListenAsync(CancellationToken ct)
    {
        await Task.Yield();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await store.ListenAsync(Channels, () => _ = SweepAsync(ct), OnNotification, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Instance {InstanceId} lost its notification connection; listening again in {Delay}", instance.Id,
                    options.Value.HeartbeatInterval);
                try
                {
                    await Task.Delay(options.Value.HeartbeatInterval, time, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>On the listening connection's thread: reads the notification and hands its work off, never waiting for it.</summary>
    private void OnNotification(string channel, string payload)
    {
        // Events raised through any instance are sent by the one leading the periodic work.
        if (channel == WebhookOutbox.EventsChannel)
        {
            if (leadership.Leads)
                outbox.Wake();
            return;
        }
        var parts = payload.Split(' ', 3);
        if (parts.Length < 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            logger.LogWarning("Ignored a notification on {Channel} that is not ours: {Payload}", channel, payload);
            return;
        }
        switch (channel)
        {
            case ClusterStore.ChargersChannel when parts.Length == 3 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var epoch):
                _ = holders.ChargerChangedAsync(number, epoch, parts[2], _stopping);
                break;
            case ClusterStore.ConnectionsChannel when parts.Length == 3:
                holders.Connected(parts[2], parts[1], number);
                break;
            case ClusterStore.CommandsChannel when parts[1] == instance.Id:
                _ = commands.RunSafelyAsync(number, _stopping);
                break;
            case ClusterStore.AnswersChannel when parts[1] == instance.Id:
                _ = AnsweredSafelyAsync(number);
                break;
        }
    }

    private async Task AnsweredSafelyAsync(long commandId)
    {
        try
        {
            await commands.AnsweredAsync(commandId, _stopping);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "Reading the outcome of command {CommandId} failed; the next sweep reads it", commandId);
        }
    }
}
