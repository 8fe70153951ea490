using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using OcppCentral.Web;

namespace OcppCentral.Admin;

/// <summary>
/// Limits guessing of the admin key (docs/console.md, "Signing in"): per remote address, at most
/// <see cref="ConsoleOptions.KeyFailuresAllowed"/> wrong keys (console sign-in and the API's X-API-Key together) within
/// <see cref="ConsoleOptions.KeyFailureWindow"/>, counted from the first failure; after that every attempt from that
/// address that presents a key is answered 429 with Retry-After until the window has passed, before the key is
/// compared, so a guess in that time tells nothing. A correct key does not clear the count. At most
/// <see cref="MaxAddresses"/> addresses are tracked: when full, expired entries are dropped, then the oldest.
/// </summary>
public sealed class KeyAttemptLimiter(IOptions<ConsoleOptions> options, TimeProvider time)
{
    public const int MaxAddresses = 10_000;

    private readonly Dictionary<IPAddress, (DateTimeOffset WindowStart, int Failures)> _failures = [];
    private readonly Lock _lock = new();

    /// <summary>How long the address must still wait, or null when it may try a key now.</summary>
    public TimeSpan? RetryAfter(IPAddress? address)
    {
        if (address is null)
            return null;
        var now = time.GetUtcNow();
        var window = options.Value.KeyFailureWindow;
        lock (_lock)
        {
            if (!_failures.TryGetValue(Normal(address), out var entry))
                return null;
            var ends = entry.WindowStart + window;
            if (ends <= now)
            {
                _failures.Remove(Normal(address));
                return null;
            }
            return entry.Failures >= options.Value.KeyFailuresAllowed ? ends - now : null;
        }
    }

    /// <summary>Counts a wrong key from the address.</summary>
    public void Failed(IPAddress? address)
    {
        if (address is null)
            return;
        var key = Normal(address);
        var now = time.GetUtcNow();
        var window = options.Value.KeyFailureWindow;
        lock (_lock)
        {
            if (_failures.TryGetValue(key, out var entry) && entry.WindowStart + window > now)
            {
                _failures[key] = (entry.WindowStart, entry.Failures + 1);
                return;
            }
            if (_failures.Count >= MaxAddresses && !_failures.ContainsKey(key))
                MakeRoom(now, window);
            _failures[key] = (now, 1);
        }
    }

    /// <summary>Tracked addresses (for tests of the bound).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
                return _failures.Count;
        }
    }

    /// <summary>The 429 answer: plain text for the console, ProblemDetails for the API, both with Retry-After in whole seconds.</summary>
    public static IResult TooMany(HttpContext http, TimeSpan wait, bool problem)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        const string detail = "Too many wrong admin keys from this address; try again later.";
        return problem
            ? Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too Many Requests", detail: detail)
            : Results.Text(detail, statusCode: StatusCodes.Status429TooManyRequests);
    }

    private void MakeRoom(DateTimeOffset now, TimeSpan window)
    {
        foreach (var expired in _failures.Where(e => e.Value.WindowStart + window <= now).Select(e => e.Key).ToList())
            _failures.Remove(expired);
        if (_failures.Count >= MaxAddresses)
            _failures.Remove(_failures.MinBy(e => e.Value.WindowStart).Key);
    }

    /// <summary>An IPv4 client seen through a dual-stack socket is the same client as over IPv4.</summary>
    private static IPAddress Normal(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
