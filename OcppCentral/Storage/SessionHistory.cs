using OcppCentral.Pricing;
using OcppCentral.Sessions;

namespace OcppCentral.Storage;

/// <summary>What closing a session reads apart from the writer: its samples, how many there were, and its pinned tariff.</summary>
/// <param name="SampleCount">The session's sample count in the same snapshot as <paramref name="Samples"/>.</param>
public sealed record SessionHistory(long SampleCount, TariffDocument? PinnedTariff, IReadOnlyList<MeterSample> Samples);
