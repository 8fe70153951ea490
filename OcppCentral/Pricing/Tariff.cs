using System.Diagnostics.CodeAnalysis;

namespace OcppCentral.Pricing;

/// <summary>
/// A validated, immutable tariff (docs/sessions-and-pricing.md). It can only be made from a
/// <see cref="TariffDocument"/> through <see cref="Validate"/>, <see cref="TryCreate"/> or
/// <see cref="Create"/>, so holding a <see cref="Tariff"/> means every price is non-negative, the
/// time zone exists and no two periods overlap.
/// </summary>
public sealed record Tariff
{
    /// <summary>Periods one tariff may hold (docs/sessions-and-pricing.md): a price per hour of every day is 168.</summary>
    public const int MaxPeriods = 500;

    /// <summary>Characters of a tariff's id (it is also a path segment) and of its name.</summary>
    public const int MaxIdLength = 64;

    public const int MaxNameLength = 200;

    /// <summary>Called only by <see cref="TariffValidator"/>, after it has checked every argument.</summary>
    internal Tariff(string id, string name, string currency, TimeZoneInfo timeZone, decimal startFee,
        decimal energyPrice, decimal timePrice, IdleFee? idleFee, IReadOnlyList<TariffPeriod> periods,
        decimal minimumPrice, decimal? maximumPrice, decimal taxPercent)
    {
        Id = id;
        Name = name;
        Currency = currency;
        TimeZone = timeZone;
        StartFee = startFee;
        EnergyPrice = energyPrice;
        TimePrice = timePrice;
        IdleFee = idleFee;
        Periods = periods;
        MinimumPrice = minimumPrice;
        MaximumPrice = maximumPrice;
        TaxPercent = taxPercent;
        Schedule = new WeeklySchedule(periods);
    }

    public string Id { get; }

    public string Name { get; }

    public string Currency { get; }

    /// <summary>The zone whose local clock decides which period holds; its <c>Id</c> is the id the document gave.</summary>
    public TimeZoneInfo TimeZone { get; }

    public decimal StartFee { get; }

    /// <summary>Per kWh delivered outside every period.</summary>
    public decimal EnergyPrice { get; }

    public decimal TimePrice { get; }

    public IdleFee? IdleFee { get; }

    /// <summary>In the order the document lists them; that order is also the order of their energy lines.</summary>
    public IReadOnlyList<TariffPeriod> Periods { get; }

    public decimal MinimumPrice { get; }

    /// <summary>Null: no cap.</summary>
    public decimal? MaximumPrice { get; }

    public decimal TaxPercent { get; }

    internal WeeklySchedule Schedule { get; }

    /// <summary>Every error in <paramref name="document"/>, each naming its field, or the tariff.</summary>
    public static TariffValidation Validate(TariffDocument? document) => TariffValidator.Validate(document);

    public static bool TryCreate(TariffDocument? document, [NotNullWhen(true)] out Tariff? tariff,
        out IReadOnlyList<TariffError> errors)
    {
        var validation = Validate(document);
        tariff = validation.Tariff;
        errors = validation.Errors;
        return tariff is not null;
    }

    /// <summary>
    /// A tariff document as stored earlier (a session's pinned copy): checked without the rules added since it may
    /// have been stored (money amounts to 2 decimals, IANA location ids only), so its session keeps its price.
    /// </summary>
    public static Tariff? FromStored(TariffDocument? document) => TariffValidator.ValidateStored(document).Tariff;

    /// <summary>For tariffs that must be valid, such as the configured default: throws with every error listed.</summary>
    /// <exception cref="ArgumentException">The document is not a valid tariff.</exception>
    public static Tariff Create(TariffDocument document)
    {
        var validation = Validate(document);
        return validation.Tariff ?? throw new ArgumentException(
            "Invalid tariff: " + string.Join("; ", validation.Errors.Select(error => $"{error.Field} {error.Message}")),
            nameof(document));
    }

    /// <summary>The canonical document: every field present, days in week order, times as "HH:mm".</summary>
    public TariffDocument ToDocument() => new()
    {
        Id = Id,
        Name = Name,
        Currency = Currency,
        TimeZone = TimeZone.Id,
        StartFee = StartFee,
        EnergyPrice = EnergyPrice,
        TimePrice = TimePrice,
        IdleFee = IdleFee is null ? null : new IdleFeeDocument { PerMinute = IdleFee.PerMinute, GraceMinutes = IdleFee.GraceMinutes },
        Periods = Periods.Select(period => period.ToDocument()).ToArray(),
        MinimumPrice = MinimumPrice,
        MaximumPrice = MaximumPrice,
        TaxPercent = TaxPercent,
    };

    /// <summary>Value equality, periods compared element by element (a record alone would compare the list by reference).</summary>
    public bool Equals(Tariff? other) =>
        other is not null && Id == other.Id && Name == other.Name && Currency == other.Currency
        && TimeZone.Id == other.TimeZone.Id && StartFee == other.StartFee && EnergyPrice == other.EnergyPrice
        && TimePrice == other.TimePrice && Equals(IdleFee, other.IdleFee) && Periods.SequenceEqual(other.Periods)
        && MinimumPrice == other.MinimumPrice && MaximumPrice == other.MaximumPrice && TaxPercent == other.TaxPercent;

    public override int GetHashCode() => HashCode.Combine(Id, Currency, EnergyPrice, Periods.Count);
}
