namespace OcppCentral.Pricing;

/// <summary>
/// The outcome of <see cref="Tariff.Validate"/>: either a <see cref="Tariff"/> and no errors, or no
/// tariff and every error found (all of them, not only the first, so an operator fixes a tariff in
/// one round trip).
/// </summary>
public sealed record TariffValidation(Tariff? Tariff, IReadOnlyList<TariffError> Errors)
{
    public bool IsValid => Tariff is not null;
}
