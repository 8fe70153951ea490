using System.Collections.Concurrent;
using OcppCentral.Storage;

namespace OcppCentral.CostDisplay;

/// <summary>
/// Each charger's display as the server knows it (<see cref="ChargerDisplay"/>), kept in memory once read so the MeterValues
/// path asks the database nothing for a charger without cost display. Every change goes through here.
/// </summary>
public sealed class ChargerDisplays(ChargerDisplayStore store)
{
    private readonly ConcurrentDictionary<string, ChargerDisplay> _known = new(StringComparer.Ordinal);

    /// <summary>What is known without a read; null when the charger has not been read yet.</summary>
    public ChargerDisplay? Cached(string chargePointId) => _known.TryGetValue(chargePointId, out var display) ? display : null;

    public async Task<ChargerDisplay> GetAsync(string chargePointId, CancellationToken ct) =>
        Cached(chargePointId) ?? _known.GetOrAdd(chargePointId, await store.FindAsync(chargePointId, ct).ConfigureAwait(false));

    public Task<IReadOnlyDictionary<string, ChargerDisplay>> ListAsync(CancellationToken ct) => store.ListAsync(ct);

    /// <summary>The operator's setting: true, false, or null for automatic.</summary>
    public async Task<ChargerDisplay> SetAsync(string chargePointId, bool? setting, CancellationToken ct) =>
        _known[chargePointId] = await store.SetAsync(chargePointId, setting, ct).ConfigureAwait(false);

    public async Task<ChargerDisplay> RecordReadAsync(string chargePointId, bool? supported, int? decimals, string? language, DateTimeOffset readAt,
        CancellationToken ct) =>
        _known[chargePointId] = await store.RecordReadAsync(chargePointId, supported, decimals, language, readAt, ct).ConfigureAwait(false);

    /// <summary>A deleted charger starts afresh if it comes back.</summary>
    public void Forget(string chargePointId) => _known.TryRemove(chargePointId, out _);
}
