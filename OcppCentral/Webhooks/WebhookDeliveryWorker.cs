using System.Net.Http.Headers;
using System.Text;
using Polly;
using Polly.Timeout;
using OcppCentral.Cluster;
using OcppCentral.Storage;

namespace OcppCentral.Webhooks;

/// <summary>
/// Sends the outbox's deliveries (docs/webhooks.md): a signed JSON POST per delivery, answered within
/// <see cref="Timeout"/> (a Polly timeout on the server's clock). 2xx is Delivered; 5xx, a timeout or a connection error is
/// tried again on the <see cref="RetrySchedule"/>; anything else (4xx) is Failed at once. It runs apart from the chargers'
/// path: deliveries are read and recorded through the outbox, up to <see cref="MaxPerWebhook"/> at a time per webhook and
/// <see cref="MaxInFlight"/> in all, so a slow receiver holds up at most its own deliveries. Delivered and failed events
/// older than <see cref="Retention"/> are pruned. Instances sharing a PostgreSQL database leave all of it to the one leading
/// the periodic work (docs/deployment.md), so that no delivery is sent twice at once.
/// </summary>
public sealed class WebhookDeliveryWorker : BackgroundService
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    public const int MaxPerWebhook = 4;
    public const int MaxInFlight = 32;
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    private readonly WebhookOutbox _outbox;
    private readonly JobLeadership _leadership;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookDeliveryWorker> _logger;
    private readonly ResiliencePipeline _timeout;
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2), ConnectTimeout = Timeout,
    }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    private readonly Lock _gate = new();
    private readonly Dictionary<long, (string WebhookId, Task Sending)> _inFlight = [];

    // Deliveries whose sends finished, each with the count of finished sends at that moment. A read of the outbox that began
    // before a send's outcome was recorded may still show it Pending, after it has left _inFlight: Start skips such a
    // delivery instead of sending it again (the finished send wakes the loop, whose next read sees the outcome).
    private readonly Dictionary<long, long> _finished = [];
    private long _finishedCount;

    public WebhookDeliveryWorker(WebhookOutbox outbox, JobLeadership leadership, TimeProvider time, ILogger<WebhookDeliveryWorker> logger)
    {
        _outbox = outbox;
        _leadership = leadership;
        _time = time;
        _logger = logger;
        _timeout = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(Timeout).Build();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextPrune = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!_leadership.Leads)
                {
                    await _leadership.LeadingAsync(stoppingToken);
                    nextPrune = DateTimeOffset.MinValue;
                }
                var now = _time.GetUtcNow();
                if (now >= nextPrune)
                {
                    nextPrune = now + PruneEvery;
                    if (await _outbox.PruneAsync(now - Retention, stoppingToken) is > 0 and var pruned)
                        _logger.LogInformation("Pruned {Count} webhook events older than {Retention}", pruned, Retention);
                }
                long finishedBeforeRead;
                lock (_gate)
                    finishedBeforeRead = _finishedCount;
                Start(await _outbox.DueAsync(now, MaxPerWebhook, MaxInFlight, stoppingToken), finishedBeforeRead, stoppingToken);
                // Woken by the next attempt or the next pruning, whichever comes first, or sooner by the outbox.
                var next = await _outbox.NextAttemptAfterAsync(now, stoppingToken);
                await WaitAsync(next is { } at && at < nextPrune ? at : nextPrune, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Reading the webhook outbox failed; trying again at the next event or in a minute");
                await WaitAsync(_time.GetUtcNow().AddMinutes(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        // Sends cut short by the shutdown stay Pending with their due time: the next start sends them again.
        Task[] sending;
        lock (_gate)
            sending = _inFlight.Values.Select(v => v.Sending).ToArray();
        await Task.WhenAll(sending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <param name="finishedBeforeRead">How many sends had finished when the read of <paramref name="due"/> began.</param>
    private void Start(IReadOnlyList<DueDelivery> due, long finishedBeforeRead, CancellationToken ct)
    {
        lock (_gate)
        {
            // A send that finished before the read began had its outcome recorded before it: the read saw that outcome.
            foreach (var (id, finishedAt) in _finished.ToArray())
            {
                if (finishedAt <= finishedBeforeRead)
                    _finished.Remove(id);
            }
            foreach (var delivery in due)
            {
                if (_inFlight.Count >= MaxInFlight)
                    return;
                if (_inFlight.ContainsKey(delivery.Id) || _finished.ContainsKey(delivery.Id)
                    || _inFlight.Values.Count(v => v.WebhookId == delivery.WebhookId) >= MaxPerWebhook)
                    continue;
                _inFlight[delivery.Id] = (delivery.WebhookId, Task.Run(() => DeliverAsync(delivery, ct), CancellationToken.None));
            }
        }
    }

    /// <summary>Until <paramref name="until"/> on the server's clock, or sooner when the outbox is woken (an event committed, a send finished).</summary>
    private async Task WaitAsync(DateTimeOffset until, CancellationToken ct)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var wake = _outbox.Wakeups.ReadAsync(either.Token).AsTask();
        var wait = until - _time.GetUtcNow();
        var timer = Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _time, either.Token);
        await Task.WhenAny(wake, timer);
        await either.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }

    private async Task DeliverAsync(DueDelivery delivery, CancellationToken ct)
    {
        try
        {
            var (statusCode, error) = await SendAsync(delivery, ct);
            var now = _time.GetUtcNow();
            var attempts = delivery.Attempts + 1;
            string outcome;
            DateTimeOffset? next = null;
            if (statusCode is >= 200 and < 300)
                outcome = DeliveryOutcomes.Delivered;
            else if (statusCode is null or >= 500)
            {
                next = RetrySchedule.Next(attempts, delivery.CreatedAt, now);
                outcome = next is null ? DeliveryOutcomes.Failed : DeliveryOutcomes.Pending;
                if (next is null)
                    error = $"{error ?? $"HTTP {statusCode}"}; given up {RetrySchedule.GiveUpAfter.TotalHours:0} hours after the event";
            }
            else
                outcome = DeliveryOutcomes.Failed;
            await _outbox.RecordAttemptAsync(delivery.Id, now, outcome, statusCode, error, next, CancellationToken.None);
            if (outcome == DeliveryOutcomes.Delivered)
                _logger.LogDebug("Webhook {WebhookId} took {EventType} event {EventId}", delivery.WebhookId, delivery.Type, delivery.EventId);
            else
                _logger.LogWarning("Webhook {WebhookId} did not take {EventType} event {EventId} (attempt {Attempts}: {Problem}); {Outcome}",
                    delivery.WebhookId, delivery.Type, delivery.EventId, attempts, error ?? $"HTTP {statusCode}",
                    next is { } at ? $"next attempt at {WebhookOutbox.Iso(at)}" : "not tried again");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Delivering {EventType} event {EventId} to webhook {WebhookId} failed", delivery.Type, delivery.EventId, delivery.WebhookId);
        }
        finally
        {
            lock (_gate)
            {
                _inFlight.Remove(delivery.Id);
                _finished[delivery.Id] = ++_finishedCount;
            }
            _outbox.Wake();
        }
    }

    /// <returns>The receiver's status code, or null with what went wrong (no answer in time, no connection).</returns>
    private async Task<(int? StatusCode, string? Error)> SendAsync(DueDelivery delivery, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Body);
        var signature = WebhookSignature.Of(delivery.Secret, body);
        try
        {
            return await _timeout.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                request.Headers.Add(WebhookSignature.Header, signature);
                request.Headers.Add("X-ChargeMonitor-Event", delivery.Type);
                request.Headers.Add("X-ChargeMonitor-Delivery", delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.UserAgent.Add(new ProductInfoHeaderValue("ChargeMonitor-Webhooks", "1"));
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
                return ((int?)response.StatusCode, (string?)null);
            }, ct);
        }
        catch (TimeoutRejectedException)
        {
            return (null, $"no answer within {Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            return (null, $"no connection: {ex.HttpRequestError}");
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}
