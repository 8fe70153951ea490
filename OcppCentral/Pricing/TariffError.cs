namespace OcppCentral.Pricing;

/// <summary>
/// Why a <see cref="TariffDocument"/> was refused. <paramref name="Field"/> is a JSON path into the
/// document as the client sent it (<c>timeZone</c>, <c>idleFee.perMinute</c>, <c>periods[1].from</c>),
/// so the admin API can put it straight into a ProblemDetails <c>errors</c> map.
/// </summary>
public sealed record TariffError(string Field, string Message);
