using Polly;
using Polly.Retry;

namespace ChargeMonitor.Simulator.Client;

/// <summary>
/// Reconnecting as a fleet of real chargers should after an outage: exponential backoff with jitter, so
/// thousands of chargers do not all knock on the server in the same second.
/// </summary>
public static class ReconnectPipeline
{
    /// <param name="maxAttempts">Retries after the first try; null retries until cancelled.</param>
    /// <param name="randomizer">Source of jitter in [0, 1); pass a seeded one for reproducible runs.</param>
    /// <param name="onFailure">Told about each failed attempt, e.g. to record "401 Unauthorized" once.</param>
    public static ResiliencePipeline Create(TimeSpan firstDelay, TimeSpan maxDelay, int? maxAttempts = null,
        TimeProvider? time = null, Func<double>? randomizer = null, Action<Exception>? onFailure = null)
    {
        var retry = new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ConnectionFailures.IsTransient),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = firstDelay,
            MaxDelay = maxDelay,
            MaxRetryAttempts = maxAttempts ?? int.MaxValue,
            OnRetry = args =>
            {
                if (args.Outcome.Exception is { } ex)
                    onFailure?.Invoke(ex);
                return ValueTask.CompletedTask;
            },
        };
        if (randomizer is not null)
            retry.Randomizer = randomizer;
        return new ResiliencePipelineBuilder { TimeProvider = time ?? TimeProvider.System }.AddRetry(retry).Build();
    }
}
