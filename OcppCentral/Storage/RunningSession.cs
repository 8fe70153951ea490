using OcppCentral.Pricing;
using OcppCentral.Sessions;

namespace OcppCentral.Storage;

/// <summary>What an Active session's estimate needs beyond its record: the tariff copy it was pinned to and its samples so far.</summary>
public sealed record RunningSession(TariffDocument? PinnedTariff, IReadOnlyList<MeterSample> Samples);
