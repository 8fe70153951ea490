using OcppCentral.Messages;
using OcppCentral.Sessions;
using static OcppCentral.Tests.Sessions.SessionSamples;

namespace OcppCentral.Tests.Sessions;

public class EnergyRegisterTests
{
    [Test]
    public void Readings_PerPhaseRegistersWithoutTotal_AreSummed()
    {
        var readings = EnergyRegister.Readings(
        [
            Register("14:50", 1000m, "L1"), Register("14:50", 1100m, "L2"), Register("14:50", 1200m, "L3"),
        ]);

        Assert.That(readings, Is.EqualTo(new[] { new EnergyReading(At("14:50"), 3300m) }));
    }

    [Test]
    public void Readings_LineToNeutralPhases_AreSummedLikeLines()
    {
        var readings = EnergyRegister.Readings([Register("14:50", 1000m, "L1-N"), Register("14:50", 2000m, "L2-N")]);

        Assert.That(readings.Single().RegisterWh, Is.EqualTo(3000m));
    }

    [Test]
    public void Readings_NeutralAndLineToLinePhases_AreNotAdded()
    {
        var readings = EnergyRegister.Readings(
        [
            Register("14:50", 1000m, "L1"), Register("14:50", 5m, "N"), Register("14:50", 7m, "L1-L2"),
        ]);

        Assert.That(readings.Single().RegisterWh, Is.EqualTo(1000m));
    }

    [Test]
    public void Readings_TotalAndPhasesAtOneTimestamp_TotalWins()
    {
        var readings = EnergyRegister.Readings(
        [
            Register("14:50", 1000m, "L1"), Register("14:50", 3050m), Register("14:50", 1000m, "L2"),
        ]);

        Assert.That(readings.Single().RegisterWh, Is.EqualTo(3050m));
    }

    [Test]
    public void Readings_EvDuplicateOfOutletReading_IsIgnored()
    {
        var readings = EnergyRegister.Readings(
        [
            Register("14:50", 13000m, location: "EV"), Register("14:50", 12900m), Register("14:50", 12950m, location: "Inlet"),
        ]);

        Assert.That(readings.Single().RegisterWh, Is.EqualTo(12900m));
    }

    [Test]
    public void Readings_OnlyAnotherLocationAtTimestamp_IsUsed()
    {
        var readings = EnergyRegister.Readings([Register("14:50", 12900m), Register("15:00", 13500m, location: "Inlet")]);

        Assert.That(readings, Is.EqualTo(new[]
        {
            new EnergyReading(At("14:50"), 12900m), new EnergyReading(At("15:00"), 13500m),
        }));
    }

    [Test]
    public void Readings_InletWithoutOutlet_IsPreferredOverEv()
    {
        var readings = EnergyRegister.Readings([Register("14:50", 13000m, location: "EV"), Register("14:50", 12950m, location: "Inlet")]);

        Assert.That(readings.Single().RegisterWh, Is.EqualTo(12950m));
    }

    [Test]
    public void Readings_KilowattHourRegister_IsInWattHours()
    {
        var readings = EnergyRegister.Readings([Sample("14:50", 12.345m, Measurands.EnergyActiveImportRegister, "kWh")]);

        Assert.That(readings.Single().RegisterWh, Is.EqualTo(12345m));
    }

    [Test]
    public void Readings_OtherMeasurandsSignedDataAndUnparsableValues_AreLeftOut()
    {
        var signed = MeterValueNormalizer.Normalize(At("15:00"), new SampledValue("99999", null, "SignedData", null, null, null, null));
        var garbage = MeterValueNormalizer.Normalize(At("15:10"), new SampledValue("n/a", null, null, null, null, null, null));

        var readings = EnergyRegister.Readings(
        [
            Register("14:50", 13000m), signed, garbage, PowerW("15:20", 7000m),
            Sample("15:30", 500m, "Energy.Active.Import.Interval", "Wh"),
            Sample("15:40", 800m, "Energy.Active.Export.Register", "Wh"),
            Sample("15:50", 16m, Measurands.EnergyActiveImportRegister, "A"),
        ]);

        Assert.That(readings, Is.EqualTo(new[] { new EnergyReading(At("14:50"), 13000m) }));
    }

    [Test]
    public void Readings_UnsortedSamples_AreSortedWithOneReadingPerTimestamp()
    {
        var readings = EnergyRegister.Readings(
        [
            Register("15:10", 19000m), Register("14:50", 13000m),
            Register("15:00", 16000m, context: SampleContexts.SamplePeriodic), Register("15:00", 16000m, context: "Sample.Clock"),
        ]);

        Assert.That(readings.Select(r => r.Timestamp), Is.EqualTo(new[] { At("14:50"), At("15:00"), At("15:10") }));
    }

    [Test]
    public void Readings_SameInstantInAnotherOffset_IsOneTimestamp()
    {
        var inStockholm = Register("14:50", 1000m, "L1") with { Timestamp = At("14:50").ToOffset(TimeSpan.FromHours(1)) };

        var readings = EnergyRegister.Readings([inStockholm, Register("14:50", 2000m, "L2")]);

        Assert.That(readings.Single().RegisterWh, Is.EqualTo(3000m));
    }

    [Test]
    public void Readings_NoSamples_IsEmpty() => Assert.That(EnergyRegister.Readings([]), Is.Empty);
}
