using Microsoft.Extensions.Options;
using OcppCentral.Storage;

namespace OcppCentral.Web;

/// <summary>The zone the console shows times in and cuts days by (<see cref="ConsoleOptions.TimeZone"/>).</summary>
public sealed class ConsoleZone(IOptions<ConsoleOptions> options, TariffStore tariffs)
{
    public async Task<TimeZoneInfo> GetAsync(CancellationToken ct)
    {
        if (Find(options.Value.TimeZone) is { } configured)
            return configured;
        var tariff = await tariffs.FindAsync(TariffStore.DefaultTariffId, ct);
        return Find(tariff?.TimeZone) ?? TimeZoneInfo.Utc;
    }

    public static TimeZoneInfo? Find(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
}
