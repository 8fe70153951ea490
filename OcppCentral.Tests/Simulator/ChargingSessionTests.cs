extern alias sim;

using sim::ChargeMonitor.Simulator.Charging;

namespace OcppCentral.Tests.Simulator;

public class ChargingSessionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 14, 0, 0, TimeSpan.Zero);
    private static readonly ElectricVehicle ThreePhaseCar = new("Test SUV", 100m, 22m, 3, 150m);
    private static readonly ElectricVehicle OnePhaseCar = new("Test compact", 40m, 7.4m, 1, 50m);

    [Test]
    public void Advance_OneHourOnAc11BelowTaper_Meters11KwhAndChargesTheBatteryLessLosses()
    {
        var session = new ChargingSession(ChargerKind.Ac11, ThreePhaseCar, 10m, 100m, 1_000_000m, Start);

        var reading = session.Advance(Start.AddHours(1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reading.RegisterWh, Is.EqualTo(1_011_000m).Within(0.001m));
            Assert.That(session.DeliveredWh, Is.EqualTo(11_000));
            Assert.That(reading.SocPercent, Is.EqualTo(10m + 11_000m * 0.92m / 100_000m * 100m).Within(0.001m));
            Assert.That(reading.PowerW, Is.EqualTo(11_000m));
            Assert.That(reading.Timestamp, Is.EqualTo(Start.AddHours(1)));
        }
    }

    [Test]
    public void Advance_ThreePhaseCar_SplitsCurrentOverThreePhases()
    {
        var reading = new ChargingSession(ChargerKind.Ac11, ThreePhaseCar, 10m, 100m, 0m, Start).Advance(Start.AddSeconds(10));

        Assert.That(reading.Currents.Select(c => (c.Phase, Math.Round(c.Amperes, 1))),
            Is.EqualTo(new (string?, decimal)[] { ("L1", 15.9m), ("L2", 15.9m), ("L3", 15.9m) }));
    }

    [Test]
    public void Advance_OnePhaseCarOnThreePhaseCharger_DrawsOnL1Only()
    {
        var session = new ChargingSession(ChargerKind.Ac22, OnePhaseCar, 10m, 100m, 0m, Start);

        var reading = session.Advance(Start.AddMinutes(1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reading.PowerW, Is.EqualTo(22_000m / 3).Within(0.01m), "one phase of a 32 A charger");
            Assert.That(reading.Currents.Select(c => Math.Round(c.Amperes, 1)), Is.EqualTo(new[] { 31.9m, 0m, 0m }));
        }
    }

    [Test]
    public void Advance_DcCharger_ReportsOneDcCurrentWithoutPhase()
    {
        var reading = new ChargingSession(ChargerKind.Dc50, ThreePhaseCar, 10m, 100m, 0m, Start).Advance(Start.AddSeconds(5));

        Assert.That(reading.Currents, Is.EqualTo(new[] { new PhaseCurrent(null, 50_000m / ChargerKind.DcVoltageV) }));
    }

    [Test]
    public void Advance_CarLimitsBelowCharger_DrawsWhatTheCarAccepts()
    {
        var session = new ChargingSession(ChargerKind.Dc150, OnePhaseCar, 10m, 100m, 0m, Start);

        Assert.That(session.Advance(Start.AddSeconds(1)).PowerW, Is.EqualTo(50_000m));
    }

    [Test]
    public void Advance_AboveEightyPercent_Tapers()
    {
        var session = new ChargingSession(ChargerKind.Dc150, ThreePhaseCar, 90m, 100m, 0m, Start);

        Assert.That(session.Read().PowerW, Is.EqualTo(75_000m));
    }

    [Test]
    public void Advance_ReachesTarget_StopsDrawingAtTheTarget()
    {
        var session = new ChargingSession(ChargerKind.Dc150, ThreePhaseCar, 70m, 80m, 0m, Start);

        var reading = session.Advance(Start.AddHours(1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reading.SocPercent, Is.EqualTo(80m).Within(0.0001m));
            Assert.That(reading.PowerW, Is.Zero);
            Assert.That(reading.RegisterWh, Is.EqualTo(10_000m / 0.95m).Within(0.01m), "10 % of 100 kWh, metered before losses");
        }
    }

    [Test]
    public void Advance_NotDrawing_MetersNothing()
    {
        var session = new ChargingSession(ChargerKind.Ac22, ThreePhaseCar, 10m, 100m, 5000m, Start) { Drawing = false };

        var reading = session.Advance(Start.AddMinutes(30));

        Assert.That((reading.RegisterWh, reading.PowerW, reading.SocPercent), Is.EqualTo((5000m, 0m, 10m)));
    }

    [Test]
    public void Advance_ClockWentBack_ChangesNothing()
    {
        var session = new ChargingSession(ChargerKind.Ac11, ThreePhaseCar, 10m, 100m, 5000m, Start);
        session.Advance(Start.AddMinutes(1));
        var register = session.RegisterWh;

        var reading = session.Advance(Start);

        Assert.That((reading.RegisterWh, reading.Timestamp), Is.EqualTo((register, Start.AddMinutes(1))));
    }

    [Test]
    public void ResetRegister_RegisterFallsToZero_DeliveredEnergyKeepsCounting()
    {
        var session = new ChargingSession(ChargerKind.Ac11, ThreePhaseCar, 10m, 100m, 1_000_000m, Start);
        session.Advance(Start.AddMinutes(30));

        session.ResetRegister();
        var reading = session.Advance(Start.AddHours(1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reading.RegisterWholeWh, Is.EqualTo(5_500));
            Assert.That(session.DeliveredWh, Is.EqualTo(11_000));
            Assert.That(session.MeterStartWh, Is.EqualTo(1_000_000));
        }
    }

    [Test]
    public void RegisterWholeWh_FloorsFractions_SoReadingsNeverRoundDown()
    {
        var reading = new MeterReading(Start, 1234.999m, 0m, 0m, []);

        Assert.That(reading.RegisterWholeWh, Is.EqualTo(1234));
    }

    [Test]
    public void Constructor_SocOutOfRange_Throws()
    {
        Assert.That(() => new ChargingSession(ChargerKind.Ac11, ThreePhaseCar, 101m, 100m, 0m, Start), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
