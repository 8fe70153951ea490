namespace OcppCentral.Storage;

/// <summary>
/// What the server knows of a charger's display (docs/charger-display.md): the operator's setting and what the charger's
/// configuration said when it was last read after a boot.
/// </summary>
/// <param name="Setting">True or false as the operator set it; null is automatic (follow <paramref name="Supported"/>).</param>
/// <param name="Supported">The charger's CustomDisplayCostAndPrice; null when not read or not reported.</param>
/// <param name="Decimals">Its NumberOfDecimalsForCostValues; null when not read or not reported.</param>
/// <param name="Language">Its Language key as reported; null when not read or not reported.</param>
/// <param name="ReadAt">When its configuration was last read; null never.</param>
public sealed record ChargerDisplay(string ChargePointId, bool? Setting, bool? Supported, int? Decimals, string? Language, DateTimeOffset? ReadAt)
{
    public static ChargerDisplay None(string chargePointId) => new(chargePointId, null, null, null, null, null);

    /// <summary>Whether cost messages go to the charger: the setting when there is one, else what the charger reported.</summary>
    public bool Active => Setting ?? Supported ?? false;
}
