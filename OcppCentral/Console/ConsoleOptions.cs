namespace OcppCentral.Web;

/// <summary>The <c>Console</c> settings section.</summary>
public sealed class ConsoleOptions
{
    /// <summary>
    /// IANA zone in which the console shows times and cuts days ("today", "this month", daily reports). Default: the
    /// default tariff's zone, or UTC when there is none.
    /// </summary>
    public string? TimeZone { get; set; }

    /// <summary>How long a sign-in lasts without use; default 12 hours, renewed while the console is used.</summary>
    public TimeSpan SignInLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Wrong admin keys (console sign-in and X-API-Key together) one remote address may present per window; default 10.</summary>
    public int KeyFailuresAllowed { get; set; } = 10;

    /// <summary>The window of <see cref="KeyFailuresAllowed"/>, counted from the first failure; default 5 minutes.</summary>
    public TimeSpan KeyFailureWindow { get; set; } = TimeSpan.FromMinutes(5);
}
