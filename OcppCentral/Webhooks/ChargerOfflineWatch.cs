using Microsoft.Extensions.Options;
using OcppCentral.Cluster;
using OcppCentral.Storage;

namespace OcppCentral.Webhooks;

/// <summary>
/// Raises charger.offline (docs/webhooks.md) for chargers gone longer than <see cref="ChargeMonitorOptions.ChargerOfflineAlertAfter"/>:
/// looks every quarter of that setting (at most every minute), on the server's clock. Of instances sharing a PostgreSQL
/// database, only the one leading the periodic work looks (docs/deployment.md).
/// </summary>
public sealed class ChargerOfflineWatch(ChargerEventStore events, JobLeadership leadership, IOptions<ChargeMonitorOptions> options, TimeProvider time,
    ILogger<ChargerOfflineWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watchingSince = time.GetUtcNow();
        var after = options.Value.ChargerOfflineAlertAfter;
        var every = after / 4 < TimeSpan.FromMinutes(1) ? after / 4 : TimeSpan.FromMinutes(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, time, stoppingToken);
                if (!leadership.Leads)
                    continue;
                var now = time.GetUtcNow();
                var raised = await events.AlertOfflineAsync(now, after, watchingSince, now - WebhookDeliveryWorker.Retention, stoppingToken);
                if (raised > 0)
                    logger.LogInformation("{Count} charger(s) offline for longer than {Threshold}: charger.offline raised", raised, after);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Looking for chargers offline for longer than {Threshold} failed; trying again later", after);
            }
        }
    }
}
