using System.Globalization;

namespace OcppCentral.CostDisplay;

/// <summary>
/// How one charger shows amounts (docs/charger-display.md): its language (Swedish when its Language key starts with
/// "sv", else English) and NumberOfDecimalsForCostValues (2 when it did not say). Amounts are rounded midpoint away
/// from zero, as bills are.
/// </summary>
public sealed record DisplayFormat(bool Swedish, int Decimals, string LanguageCode)
{
    public const int DefaultDecimals = 2;
    public const int MaxDecimals = 6;

    public static DisplayFormat Of(string? language, int? decimals)
    {
        var code = string.IsNullOrWhiteSpace(language) ? "en" : language.Trim();
        return new DisplayFormat(code.StartsWith("sv", StringComparison.OrdinalIgnoreCase), decimals is >= 0 and <= MaxDecimals ? decimals.Value : DefaultDecimals, code);
    }

    public decimal Round(decimal amount) => Math.Round(amount, Decimals, MidpointRounding.AwayFromZero);

    /// <summary>The amount as a display text: rounded, with exactly <see cref="Decimals"/> decimals and the language's separator.</summary>
    public string Amount(decimal amount) => Number(Round(amount), Decimals);

    public string Number(decimal value, int decimals)
    {
        var text = value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return Swedish ? text.Replace('.', ',') : text;
    }
}
