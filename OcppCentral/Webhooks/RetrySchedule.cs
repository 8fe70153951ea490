namespace OcppCentral.Webhooks;

/// <summary>
/// When a delivery that met a 5xx, a timeout or a connection error is tried again (docs/webhooks.md): after the n-th
/// failed attempt, 10 s × 2^(n−1) later, at most an hour; never later than a day after the event, when the delivery is
/// recorded as Failed. Kept as a time in the outbox, so a restart resumes the schedule.
/// </summary>
public static class RetrySchedule
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(1);

    /// <summary>The wait after <paramref name="failedAttempts"/> (1 or more) failed attempts.</summary>
    public static TimeSpan Delay(int failedAttempts)
    {
        // 2^9 × 10 s already passes the hour; no larger shift is needed (or safe).
        var doublings = Math.Clamp(failedAttempts - 1, 0, 9);
        var delay = FirstDelay * (1L << doublings);
        return delay < MaxDelay ? delay : MaxDelay;
    }

    /// <returns>The next attempt's time, or null when it would fall after <see cref="GiveUpAfter"/> from <paramref name="createdAt"/>.</returns>
    public static DateTimeOffset? Next(int failedAttempts, DateTimeOffset createdAt, DateTimeOffset now)
    {
        var next = now + Delay(failedAttempts);
        return next - createdAt > GiveUpAfter ? null : next;
    }
}
