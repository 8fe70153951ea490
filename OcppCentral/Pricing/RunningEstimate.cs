using System.Collections.Immutable;
using OcppCentral.Sessions;

namespace OcppCentral.Pricing;

/// <summary>
/// An Active session's estimate kept as its samples arrive (docs/performance.md): a pure fold, so the cost of a sample and
/// of an estimate does not grow with the session's history. <see cref="Add"/> takes the previous summary and new samples
/// (as stored) and gives the next one; <see cref="At"/> gives, for a moment, exactly what
/// <see cref="SessionEvaluator.Estimate"/> gives for the same samples, by the same rules:
/// <see cref="TimestampTotal"/> reduces each timestamp, <see cref="SessionCalculator.Figures"/> makes the figures,
/// <see cref="EnergyAttribution"/> places the energy and <see cref="PriceCalculator"/> bills it.
/// </summary>
/// <remarks>
/// It keeps each register timestamp's reduction in time order (readings may arrive late, out of order, or in several
/// messages for one timestamp), the power figures, the first and last SoC, and the running sums over the reported
/// curve's segments (from the start and meterStart through each reading after the start): charging seconds, interval
/// powers and the exact energy per price bucket. A reading that lands between two others replaces their segment by two.
/// What depends on the moment asked about (the last segment up to now, readings timestamped after now) is settled in
/// <see cref="At"/>, in time proportional to the readings after now only. Immutable: readers take a snapshot.
/// </remarks>
public sealed class RunningEstimate
{
    private readonly DateTimeOffset _start;
    private readonly long _startTicks;
    private readonly decimal _meterStartWh;
    private readonly Tariff? _tariff;

    /// <summary>Register reductions of the timestamps from the start on, in time order (some may have no figure).</summary>
    private readonly ImmutableList<Point> _registers;

    private readonly ImmutableDictionary<long, TimestampTotal> _power;

    /// <summary>Each power timestamp's figure, with its ticks so equal figures stay apart.</summary>
    private readonly ImmutableSortedSet<(decimal W, long Ticks)> _powerFigures;

    private readonly (long Ticks, decimal Percent)? _socFirst;
    private readonly (long Ticks, decimal Percent)? _socLast;

    /// <summary>Over the curve's segments up to the last reading: charging seconds, average powers (keyed by the segment's start), energy per bucket.</summary>
    private readonly decimal _chargingSeconds;
    private readonly ImmutableSortedSet<(decimal W, long FromTicks)> _segmentPowers;
    private readonly ImmutableArray<Fraction> _buckets;

    private RunningEstimate(DateTimeOffset start, decimal meterStartWh, Tariff? tariff, ImmutableList<Point> registers,
        ImmutableDictionary<long, TimestampTotal> power, ImmutableSortedSet<(decimal, long)> powerFigures, (long, decimal)? socFirst,
        (long, decimal)? socLast, decimal chargingSeconds, ImmutableSortedSet<(decimal, long)> segmentPowers, ImmutableArray<Fraction> buckets,
        bool overflowed)
    {
        _start = start;
        _startTicks = start.UtcTicks;
        _meterStartWh = meterStartWh;
        _tariff = tariff;
        _registers = registers;
        _power = power;
        _powerFigures = powerFigures;
        _socFirst = socFirst;
        _socLast = socLast;
        _chargingSeconds = chargingSeconds;
        _segmentPowers = segmentPowers;
        _buckets = buckets;
        Overflowed = overflowed;
    }

    /// <summary>
    /// Figures too large for decimal arithmetic arrived: this summary can no longer say what the full computation says,
    /// and <see cref="At"/> answers null (the caller then evaluates the session's samples as a whole).
    /// </summary>
    public bool Overflowed { get; }

    /// <summary>A session without samples yet, priced with its pinned tariff (none, or one no longer valid: no price).</summary>
    public static RunningEstimate Begin(DateTimeOffset startTime, decimal meterStartWh, TariffDocument? pinnedTariff)
    {
        var tariff = Tariff.FromStored(pinnedTariff);
        return new RunningEstimate(startTime, meterStartWh, tariff, [], ImmutableDictionary<long, TimestampTotal>.Empty, [], null, null, 0m,
            [], tariff is null ? [] : [.. new Fraction[tariff.Periods.Count + 1]], overflowed: false);
    }

    /// <summary>The summary with <paramref name="samples"/> added (as stored), in the order they were stored.</summary>
    public RunningEstimate Add(IReadOnlyList<MeterSample> samples)
    {
        var readings = new List<Reading>();
        Reading.Collect(samples, readings);
        return Add(readings);
    }

    /// <summary>
    /// The summary with <paramref name="readings"/> added, in the order they were stored: one new summary for all of them,
    /// so a caller that gathers a session's readings and folds them in a batch pays for the summary's copy once per batch.
    /// </summary>
    public RunningEstimate Add(IReadOnlyList<Reading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (Overflowed || readings.Count == 0)
            return this;
        var next = new Builder(this);
        try
        {
            for (var i = 0; i < readings.Count; i++)
                next.Add(readings[i]);
        }
        catch (OverflowException)
        {
            return next.Build(overflowed: true);
        }
        return next.Build(overflowed: false);
    }

    /// <summary>
    /// What the fold takes of one sample that counts for it (an energy register in Wh, a power in W, a SoC, each with a
    /// number): its time, its number and where on the meter it was taken. A small value, so readings waiting to be folded
    /// hold no sample.
    /// </summary>
    public readonly struct Reading
    {
        private Reading(long ticks, Kind kind, decimal value, string location, string? phase)
        {
            Ticks = ticks;
            What = kind;
            Value = value;
            Location = location;
            Phase = phase;
        }

        internal long Ticks { get; }

        internal Kind What { get; }

        internal decimal Value { get; }

        internal string Location { get; }

        internal string? Phase { get; }

        /// <summary>
        /// Appends to <paramref name="readings"/>, in order, the reading of each of <paramref name="samples"/> that the fold
        /// uses (an energy register in Wh, a power in W, a SoC, each with a number); the others (currents, voltages, …) need
        /// not be kept. The fold takes a sample as it reads back from the database: samples read from it are taken as they
        /// are; for samples as received, <paramref name="storedTimestamp"/> and <paramref name="storedNumber"/> give what
        /// their timestamp and number read back as.
        /// </summary>
        public static void Collect(IReadOnlyList<MeterSample> samples, List<Reading> readings,
            Func<DateTimeOffset, DateTimeOffset>? storedTimestamp = null, Func<decimal, decimal>? storedNumber = null)
        {
            ArgumentNullException.ThrowIfNull(samples);
            ArgumentNullException.ThrowIfNull(readings);
            for (var i = 0; i < samples.Count; i++)
            {
                var sample = samples[i];
                var kind = KindOf(sample);
                if (kind == Kind.None || sample.NormalizedValue is not { } value)
                    continue;
                var timestamp = storedTimestamp is null ? sample.Timestamp : storedTimestamp(sample.Timestamp);
                readings.Add(new Reading(timestamp.UtcTicks, kind, storedNumber is null ? value : storedNumber(value), Shared(sample.Location),
                    Shared(sample.Phase)));
            }
        }

        private static Kind KindOf(MeterSample sample) => sample.Measurand switch
        {
            Measurands.EnergyActiveImportRegister when sample.NormalizedUnit == "Wh" => Kind.Register,
            Measurands.PowerActiveImport when sample.NormalizedUnit == "W" => Kind.Power,
            Measurands.StateOfCharge => Kind.Soc,
            _ => Kind.None,
        };

        /// <summary>The usual locations and phases as one shared string each, so a waiting reading keeps no text of its message alive.</summary>
        [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
        private static string? Shared(string? text) => text switch
        {
            null => null,
            "Outlet" => "Outlet",
            "Inlet" => "Inlet",
            "Cable" => "Cable",
            "EV" => "EV",
            "Body" => "Body",
            "L1" => "L1",
            "L2" => "L2",
            "L3" => "L3",
            "N" => "N",
            "L1-N" => "L1-N",
            "L2-N" => "L2-N",
            "L3-N" => "L3-N",
            "L1-L2" => "L1-L2",
            "L2-L3" => "L2-L3",
            "L3-L1" => "L3-L1",
            _ => text,
        };
    }

    /// <summary>Which part of the summary a reading changes.</summary>
    internal enum Kind : byte
    {
        None,
        Register,
        Power,
        Soc,
    }

    /// <summary>
    /// The estimate at <paramref name="now"/>: what <see cref="SessionEvaluator.Estimate"/> gives for the samples added, the
    /// session stopping at <paramref name="now"/> (or at its start, if that is later) without a meterStop. Null when the
    /// figures overflow (<see cref="Overflowed"/>).
    /// </summary>
    public SessionEvaluation? At(DateTimeOffset now)
    {
        if (Overflowed)
            return null;
        var stop = now < _start ? _start : now;
        if ((stop - _start).Duration() > SessionEvaluator.MaxMeasurableSpan)
            return new SessionEvaluation(SessionEvaluator.Nothing(_meterStartWh), [], null);
        try
        {
            return Evaluate(stop);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private SessionEvaluation Evaluate(DateTimeOffset stop)
    {
        var stopTicks = stop.UtcTicks;
        var (energyWh, source) = BilledEnergy.Of(_meterStartWh, null, LastFigure(long.MaxValue)?.Wh);
        var endRegisterWh = _meterStartWh + energyWh;

        // The segments that end at or after the stop are not on the curve up to it: readings timestamped after now.
        var chargingSeconds = _chargingSeconds;
        var buckets = _tariff is null ? null : _buckets.ToArray();
        var excluded = new HashSet<long>();
        var lastOnCurve = (Ticks: _startTicks, Wh: _meterStartWh);
        for (var index = _registers.Count - 1; index >= 0; index--)
        {
            var point = _registers[index];
            if (point.Ticks <= _startTicks)
                break;
            if (point.Value is not { } wh)
                continue;
            if (point.Ticks < stopTicks)
            {
                lastOnCurve = (point.Ticks, wh);
                break;
            }
            var from = Before(index);
            var segment = Segment(from, (point.Ticks, wh));
            chargingSeconds -= segment.IsCharging ? segment.DurationSeconds : 0m;
            excluded.Add(from.Ticks);
            if (buckets is not null)
                EnergyAttribution.AddSegment(_tariff!, from.Ticks, from.Wh, point.Ticks, wh, buckets, sign: -1);
        }

        // The reported curve ends at the stop with the last reading up to it (meterStart without one); its last
        // segment runs from the last reading inside the session to there.
        var maxIntervalPowerW = _segmentPowers.Reverse().Where(p => !excluded.Contains(p.FromTicks)).Select(p => (decimal?)p.W).FirstOrDefault();
        if (stopTicks > _startTicks)
        {
            var last = Segment(lastOnCurve, (stopTicks, LastFigure(stopTicks)?.Wh ?? _meterStartWh));
            chargingSeconds += last.IsCharging ? last.DurationSeconds : 0m;
            maxIntervalPowerW = maxIntervalPowerW is { } max && max >= last.AveragePowerW ? max : last.AveragePowerW;
        }

        var summary = SessionCalculator.Figures(energyWh, source, endRegisterWh, SessionCalculator.DurationMinutes(_start, stop), chargingSeconds,
            _powerFigures.Count > 0 ? _powerFigures.Max.W : null, maxIntervalPowerW, _socFirst?.Percent, _socLast?.Percent);
        if (_tariff is null || buckets is null)
            return new SessionEvaluation(summary, [], null);

        // The priced curve ends at the stop with the billed end register (docs/sessions-and-pricing.md).
        var input = new PricingInput(_start, stop, _meterStartWh, endRegisterWh, [], summary.DurationMinutes, summary.IdleMinutes);
        Fraction[] attributed;
        if (input.BilledWh == 0m)
        {
            attributed = new Fraction[buckets.Length];
        }
        else
        {
            EnergyAttribution.AddSegment(_tariff, lastOnCurve.Ticks, lastOnCurve.Wh, stopTicks, endRegisterWh, buckets);
            attributed = EnergyAttribution.Settle(_tariff, buckets, input.BilledWh, _startTicks, stopTicks, pieces: null);
        }
        return new SessionEvaluation(summary, [], PriceCalculator.Calculate(_tariff, input, attributed));
    }

    /// <summary>The latest register figure timestamped at or before <paramref name="ticks"/> (from the start on).</summary>
    private (long Ticks, decimal Wh)? LastFigure(long ticks)
    {
        for (var index = _registers.Count - 1; index >= 0; index--)
        {
            var point = _registers[index];
            if (point.Ticks <= ticks && point.Value is { } wh)
                return (point.Ticks, wh);
        }
        return null;
    }

    /// <summary>The curve point before the register at <paramref name="index"/>: the previous figure after the start, else the start.</summary>
    private (long Ticks, decimal Wh) Before(int index) => Before(_registers, index, _startTicks, _meterStartWh);

    private static (long Ticks, decimal Wh) Before(IReadOnlyList<Point> registers, int index, long startTicks, decimal meterStartWh)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            var point = registers[i];
            if (point.Ticks <= startTicks)
                break;
            if (point.Value is { } wh)
                return (point.Ticks, wh);
        }
        return (startTicks, meterStartWh);
    }

    private static EnergyInterval Segment((long Ticks, decimal Wh) from, (long Ticks, decimal Wh) to) =>
        new(new DateTimeOffset(from.Ticks, TimeSpan.Zero), new DateTimeOffset(to.Ticks, TimeSpan.Zero), from.Wh, to.Wh);

    /// <summary>One register timestamp and its reduction so far.</summary>
    private readonly record struct Point(long Ticks, TimestampTotal Total)
    {
        public decimal? Value => Total.Value;
    }

    /// <summary>Orders points by their ticks alone, for the binary search.</summary>
    private sealed class ByTicks : IComparer<Point>
    {
        public static readonly ByTicks Instance = new();

        public int Compare(Point x, Point y) => x.Ticks.CompareTo(y.Ticks);
    }

    /// <summary>
    /// The next summary, built from the previous one reading by reading. It changes the previous summary's collections
    /// through their builders, so a batch of readings copies each collection's touched nodes once, not once per reading.
    /// </summary>
    private sealed class Builder(RunningEstimate from)
    {
        private readonly ImmutableList<Point>.Builder _registers = from._registers.ToBuilder();
        private readonly ImmutableDictionary<long, TimestampTotal>.Builder _power = from._power.ToBuilder();
        private readonly ImmutableSortedSet<(decimal W, long Ticks)>.Builder _powerFigures = from._powerFigures.ToBuilder();
        private (long Ticks, decimal Percent)? _socFirst = from._socFirst;
        private (long Ticks, decimal Percent)? _socLast = from._socLast;
        private decimal _chargingSeconds = from._chargingSeconds;
        private readonly ImmutableSortedSet<(decimal W, long FromTicks)>.Builder _segmentPowers = from._segmentPowers.ToBuilder();
        private readonly Fraction[]? _buckets = from._tariff is null ? null : from._buckets.ToArray();

        public RunningEstimate Build(bool overflowed) =>
            new(from._start, from._meterStartWh, from._tariff, _registers.ToImmutable(), _power.ToImmutable(), _powerFigures.ToImmutable(), _socFirst,
                _socLast, _chargingSeconds, _segmentPowers.ToImmutable(), _buckets is null ? [] : ImmutableArray.Create(_buckets), overflowed);

        public void Add(Reading reading)
        {
            // Only the samples from the start on are the session's (SessionWindow: without a meterStop, the start alone bounds it).
            var ticks = reading.Ticks;
            if (ticks < from._startTicks)
                return;
            switch (reading.What)
            {
                case Kind.Register:
                    AddRegister(ticks, reading);
                    break;
                case Kind.Power:
                    AddPower(ticks, reading);
                    break;
                case Kind.Soc:
                    AddSoc(ticks, reading.Value);
                    break;
            }
        }

        private void AddRegister(long ticks, Reading reading)
        {
            // Readings mostly come in time order: a reading after the last one needs no search.
            var count = _registers.Count;
            var index = count == 0 || _registers[count - 1].Ticks < ticks ? ~count : _registers.BinarySearch(new Point(ticks, TimestampTotal.Empty), ByTicks.Instance);
            var before = index >= 0 ? _registers[index].Total : TimestampTotal.Empty;
            var after = before.With(reading.Location, reading.Phase, reading.Value);
            if (index >= 0)
            {
                _registers[index] = new Point(ticks, after);
            }
            else
            {
                index = ~index;
                _registers.Insert(index, new Point(ticks, after));
            }
            if (ticks == from._startTicks || before.Value == after.Value)
                return;

            // The curve changes around this timestamp: its old segments out, its new ones in.
            var previous = Before(_registers, index, from._startTicks, from._meterStartWh);
            var next = After(index);
            if (before.Value is { } oldWh)
            {
                Segment(previous, (ticks, oldWh), -1);
                if (next is { } n)
                    Segment((ticks, oldWh), n, -1);
            }
            else if (next is { } n)
            {
                Segment(previous, n, -1);
            }

            if (after.Value is { } newWh)
            {
                Segment(previous, (ticks, newWh), +1);
                if (next is { } n)
                    Segment((ticks, newWh), n, +1);
            }
            else if (next is { } n)
            {
                Segment(previous, n, +1);
            }
        }

        private (long Ticks, decimal Wh)? After(int index)
        {
            for (var i = index + 1; i < _registers.Count; i++)
            {
                if (_registers[i].Value is { } wh)
                    return (_registers[i].Ticks, wh);
            }
            return null;
        }

        private void Segment((long Ticks, decimal Wh) a, (long Ticks, decimal Wh) b, int sign)
        {
            var segment = RunningEstimate.Segment(a, b);
            if (segment.IsCharging)
                _chargingSeconds += sign * segment.DurationSeconds;
            if (sign > 0)
                _segmentPowers.Add((segment.AveragePowerW, a.Ticks));
            else
                _segmentPowers.Remove((segment.AveragePowerW, a.Ticks));
            if (_buckets is not null)
                EnergyAttribution.AddSegment(from._tariff!, a.Ticks, a.Wh, b.Ticks, b.Wh, _buckets, sign);
        }

        private void AddPower(long ticks, Reading reading)
        {
            var before = _power.GetValueOrDefault(ticks, TimestampTotal.Empty);
            var after = before.With(reading.Location, reading.Phase, reading.Value);
            _power[ticks] = after;
            if (before.Value is { } oldW)
                _powerFigures.Remove((oldW, ticks));
            if (after.Value is { } newW)
                _powerFigures.Add((newW, ticks));
        }

        // The full computation orders SoC samples by time, ties in the order stored: the first is the earliest stored
        // at the earliest time, the last the latest stored at the latest time.
        private void AddSoc(long ticks, decimal percent)
        {
            if (_socFirst is not { } first || ticks < first.Ticks)
                _socFirst = (ticks, percent);
            if (_socLast is not { } last || ticks >= last.Ticks)
                _socLast = (ticks, percent);
        }
    }
}
