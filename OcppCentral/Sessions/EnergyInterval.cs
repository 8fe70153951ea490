namespace OcppCentral.Sessions;

/// <summary>
/// The stretch between two consecutive points of a session's energy curve (docs/sessions-and-pricing.md charging vs idle),
/// half-open [From, To).
/// </summary>
public sealed record EnergyInterval(DateTimeOffset From, DateTimeOffset To, decimal FromRegisterWh, decimal ToRegisterWh)
{
    /// <summary>docs/sessions-and-pricing.md: an interval whose average power is at least 100 W counts as charging, otherwise idle.</summary>
    public const decimal ChargingThresholdW = 100m;

    public DateTimeOffset To { get; init => field = After(From, value); } = After(From, To);

    public decimal EnergyWh => ToRegisterWh - FromRegisterWh;

    public decimal DurationSeconds => (decimal)(To - From).Ticks / TimeSpan.TicksPerSecond;

    /// <summary>Wh per hour; negative when the register went backwards.</summary>
    public decimal AveragePowerW => EnergyWh * 3600m / DurationSeconds;

    public bool IsCharging => AveragePowerW >= ChargingThresholdW;

    private static DateTimeOffset After(DateTimeOffset from, DateTimeOffset to) =>
        to > from ? to : throw new ArgumentException("An interval ends after it starts.", nameof(To));
}
