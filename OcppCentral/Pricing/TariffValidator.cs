namespace OcppCentral.Pricing;

/// <summary>
/// Turns a <see cref="TariffDocument"/> into a <see cref="Tariff"/> or the list of everything wrong
/// with it, each error naming its field (docs/sessions-and-pricing.md; the admin API answers PUT with 400 and these).
/// </summary>
internal static class TariffValidator
{
    /// <summary>No price, fee or bound may exceed this, so that no bill can overflow decimal arithmetic.</summary>
    public const decimal MaxAmount = 1_000_000_000m;

    /// <summary>
    /// IANA's continent and ocean areas, and Etc: a zone id names a place (<c>Europe/Stockholm</c>). The legacy ids
    /// tzdata also carries (<c>CET</c>, <c>EST5EDT</c>, <c>US/Eastern</c>) and Windows ids, which .NET also resolves,
    /// are refused: the docs promise IANA ids, and an abbreviation says nothing about whose daylight-saving rules apply.
    /// </summary>
    private static readonly string[] IanaAreas =
        ["Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific", "Etc"];

    /// <summary>A tariff coming in (the admin API, appsettings.json): every rule.</summary>
    public static TariffValidation Validate(TariffDocument? document) => Validate(document, stored: false);

    /// <summary>
    /// A tariff document an earlier version stored (a session's pinned copy): the rules added since it may have been
    /// stored (money amounts to 2 decimals, IANA location ids only) are not applied, so the session is still priced with
    /// the tariff it started under. The calculator rounds every amount to 2 decimals regardless.
    /// </summary>
    public static TariffValidation ValidateStored(TariffDocument? document) => Validate(document, stored: true);

    private static TariffValidation Validate(TariffDocument? document, bool stored)
    {
        if (document is null)
        {
            return new TariffValidation(null, [new TariffError("$", "the tariff is missing")]);
        }

        var errors = new List<TariffError>();
        var id = RequiredText(document.Id, "id", errors, stored ? null : Tariff.MaxIdLength);
        var name = RequiredText(document.Name, "name", errors, stored ? null : Tariff.MaxNameLength);
        var currency = Currency(document.Currency, errors);
        var timeZone = TimeZone(document.TimeZone, errors, stored);
        var startFee = MoneyAmount(document.StartFee ?? 0m, "startFee", errors, stored);
        var energyPrice = Amount(Required(document.EnergyPrice, "energyPrice", errors), "energyPrice", errors);
        var timePrice = Amount(document.TimePrice ?? 0m, "timePrice", errors);
        var idleFee = IdleFee(document.IdleFee, errors);
        var periods = TariffPeriodValidator.Validate(document.Periods, errors, stored);
        var minimumPrice = MoneyAmount(document.MinimumPrice ?? 0m, "minimumPrice", errors, stored);
        var maximumPrice = document.MaximumPrice is { } maximum ? MoneyAmount(maximum, "maximumPrice", errors, stored) : (decimal?)null;
        if (maximumPrice < minimumPrice)
        {
            errors.Add(new("maximumPrice", "must not be below minimumPrice"));
        }

        var taxPercent = Required(document.TaxPercent, "taxPercent", errors);
        if (taxPercent is < 0m or > 100m)
        {
            errors.Add(new("taxPercent", "must be between 0 and 100"));
        }

        if (errors.Count > 0)
        {
            return new TariffValidation(null, TariffError.Capped(errors));
        }

        var tariff = new Tariff(id!, name!, currency!, timeZone!, startFee, energyPrice, timePrice, idleFee,
            periods, minimumPrice, maximumPrice, taxPercent);
        return new TariffValidation(tariff, []);
    }

    public static decimal Required(decimal? value, string field, List<TariffError> errors)
    {
        if (value is null)
        {
            errors.Add(new(field, "is required"));
        }

        return value ?? 0m;
    }

    public static decimal Amount(decimal value, string field, List<TariffError> errors)
    {
        if (value < 0m)
        {
            errors.Add(new(field, "must not be negative"));
        }
        else if (value > MaxAmount)
        {
            errors.Add(new(field, $"must not exceed {MaxAmount}"));
        }

        return value;
    }

    /// <summary>
    /// An amount a bill shows as it is (the start fee, the bounds of the net), unlike a unit price that is multiplied
    /// first: at most 2 decimals, or a bill would carry an amount its total is not stored and reported with.
    /// </summary>
    private static decimal MoneyAmount(decimal value, string field, List<TariffError> errors, bool stored)
    {
        Amount(value, field, errors);
        if (!stored && !Money.HasAtMostTwoDecimals(value))
        {
            errors.Add(new(field, $"is an amount of money and has at most {Money.Decimals} decimals"));
        }

        return value;
    }

    private static string? RequiredText(string? value, string field, List<TariffError> errors, int? maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "is required and must not be blank"));
        }
        else if (value.Length > maxLength)
        {
            errors.Add(new(field, $"has at most {maxLength} characters"));
        }

        return value;
    }

    private static string? Currency(string? value, List<TariffError> errors)
    {
        if (value is not { Length: 3 } || !value.All(char.IsAsciiLetterUpper))
        {
            errors.Add(new("currency", "must be a three-letter ISO 4217 code in capitals, e.g. SEK"));
        }

        return value;
    }

    /// <summary>IANA ids (Europe/Stockholm) resolve on every platform .NET runs on with ICU or tzdata.</summary>
    private static TimeZoneInfo? TimeZone(string? value, List<TariffError> errors, bool stored)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new("timeZone", "is required, an IANA time zone such as Europe/Stockholm"));
            return null;
        }

        if (!stored && !IsIanaLocation(value))
        {
            errors.Add(new("timeZone", $"'{value}' is not an IANA location id; use Area/Location such as Europe/Stockholm, or UTC"));
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(value);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException
                                      or ArgumentException or IOException or UnauthorizedAccessException)
        {
            errors.Add(new("timeZone", $"unknown time zone '{value}'; use an IANA id such as Europe/Stockholm"));
            return null;
        }
    }

    private static bool IsIanaLocation(string value) =>
        value == "UTC" || IanaAreas.Any(area => value.Length > area.Length + 1 && value.StartsWith(area + "/", StringComparison.Ordinal));

    private static IdleFee? IdleFee(IdleFeeDocument? document, List<TariffError> errors)
    {
        if (document is null)
        {
            return null;
        }

        var perMinute = Amount(Required(document.PerMinute, "idleFee.perMinute", errors), "idleFee.perMinute", errors);
        var graceMinutes = document.GraceMinutes ?? 0m;
        if (graceMinutes < 0m)
        {
            errors.Add(new("idleFee.graceMinutes", "must not be negative"));
        }

        return new IdleFee(perMinute, graceMinutes);
    }
}
