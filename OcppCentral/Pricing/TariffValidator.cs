namespace OcppCentral.Pricing;

/// <summary>
/// Turns a <see cref="TariffDocument"/> into a <see cref="Tariff"/> or the list of everything wrong
/// with it, each error naming its field (SPEC section 5; the admin API answers PUT with 400 and these).
/// </summary>
internal static class TariffValidator
{
    /// <summary>No price, fee or bound may exceed this, so that no bill can overflow decimal arithmetic.</summary>
    public const decimal MaxAmount = 1_000_000_000m;

    public static TariffValidation Validate(TariffDocument? document)
    {
        if (document is null)
        {
            return new TariffValidation(null, [new TariffError("$", "the tariff is missing")]);
        }

        var errors = new List<TariffError>();
        var id = RequiredText(document.Id, "id", errors);
        var name = RequiredText(document.Name, "name", errors);
        var currency = Currency(document.Currency, errors);
        var timeZone = TimeZone(document.TimeZone, errors);
        var startFee = Amount(document.StartFee ?? 0m, "startFee", errors);
        var energyPrice = Amount(Required(document.EnergyPrice, "energyPrice", errors), "energyPrice", errors);
        var timePrice = Amount(document.TimePrice ?? 0m, "timePrice", errors);
        var idleFee = IdleFee(document.IdleFee, errors);
        var periods = TariffPeriodValidator.Validate(document.Periods, errors);
        var minimumPrice = Amount(document.MinimumPrice ?? 0m, "minimumPrice", errors);
        var maximumPrice = document.MaximumPrice is { } maximum ? Amount(maximum, "maximumPrice", errors) : (decimal?)null;
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
            return new TariffValidation(null, errors);
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

    private static string? RequiredText(string? value, string field, List<TariffError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "is required and must not be blank"));
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
    private static TimeZoneInfo? TimeZone(string? value, List<TariffError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new("timeZone", "is required, an IANA time zone such as Europe/Stockholm"));
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
