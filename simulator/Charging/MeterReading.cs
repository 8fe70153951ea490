namespace ChargeMonitor.Simulator.Charging;

/// <summary>
/// What the charger's meter shows at one instant. <see cref="RegisterWh"/> keeps fractions; what is sent is
/// <see cref="RegisterWholeWh"/>, so consecutive readings never go down by rounding.
/// </summary>
public sealed record MeterReading(
    DateTimeOffset Timestamp,
    decimal RegisterWh,
    decimal PowerW,
    decimal SocPercent,
    IReadOnlyList<PhaseCurrent> Currents)
{
    public long RegisterWholeWh => (long)decimal.Floor(RegisterWh);
}

/// <summary>Current on one phase (<c>L1</c>…), or on the DC link (<see cref="Phase"/> null).</summary>
public sealed record PhaseCurrent(string? Phase, decimal Amperes);
