namespace OcppCentral.Pricing;

/// <summary>
/// Money taken in one currency, before and after tax: for one session (its <see cref="Cost"/>'s net
/// and total) or summed over many. Amounts are never converted between currencies.
/// </summary>
public sealed record Revenue(string Currency, decimal Net, decimal Total)
{
    public static Revenue Of(Cost cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        return new Revenue(cost.Currency, cost.Net, cost.Total);
    }
}
