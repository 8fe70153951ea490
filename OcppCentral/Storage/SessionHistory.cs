using OcppCentral.Pricing;
using OcppCentral.Sessions;

namespace OcppCentral.Storage;

/// <summary>
/// What closing a session reads apart from the writer: its samples, how many there were, its pinned tariff, and what the
/// server saw of the charger while it ran (docs/charger-health.md).
/// </summary>
/// <param name="SampleCount">The session's sample count in the same snapshot as <paramref name="Samples"/>.</param>
/// <param name="Receipts">Per timestamp of the session's MeterValues, when it was received.</param>
/// <param name="HealthEvents">The charger's link events and Faulted status changes from the session's start until the read.</param>
public sealed record SessionHistory(long SampleCount, TariffDocument? PinnedTariff, IReadOnlyList<MeterSample> Samples,
    IReadOnlyList<(long TimestampMs, long ReceivedAtMs)> Receipts, IReadOnlyList<ChargerEvent> HealthEvents);
