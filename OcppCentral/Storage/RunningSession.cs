using OcppCentral.Pricing;
using OcppCentral.Sessions;

namespace OcppCentral.Storage;

/// <summary>
/// What an Active session's estimate is built from, read in one snapshot: its start, the tariff copy it was pinned to,
/// how many samples it holds and those it is measured with (all of them: only a Completed session can be corrected).
/// </summary>
public sealed record RunningSession(bool IsActive, DateTimeOffset StartTime, long MeterStartWh, TariffDocument? PinnedTariff, long SampleCount,
    IReadOnlyList<MeterSample> Samples);
