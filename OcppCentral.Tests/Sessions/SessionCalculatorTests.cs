using OcppCentral.Sessions;
using static OcppCentral.Tests.Sessions.SessionSamples;

namespace OcppCentral.Tests.Sessions;

public class SessionCalculatorTests
{
    [Test]
    public void Summarize_Spec5WorkedExample_GivesItsFigures()
    {
        var summary = SessionCalculator.Summarize(WorkedExample());

        Assert.That(summary, Is.EqualTo(new SessionSummary(
            EnergyWh: 12000m,
            EnergyKwh: 12m,
            EnergySource: "meterStop",
            EndRegisterWh: 22000m,
            DurationMinutes: 70m,
            ChargingMinutes: 40m,
            IdleMinutes: 30m,
            MaxPowerKw: 18m,
            AveragePowerKw: 18m,
            SocStartPercent: null,
            SocEndPercent: null)));
    }

    [Test]
    public void Summarize_NoReadings_ChargesFromMeterStartToMeterStop()
    {
        var summary = SessionCalculator.Summarize(Facts("14:00", "15:00", 10000m, 16000m));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.EnergyKwh, Is.EqualTo(6m));
            Assert.That(summary.EnergySource, Is.EqualTo(EnergySources.MeterStop));
            Assert.That(summary.ChargingMinutes, Is.EqualTo(60m));
            Assert.That(summary.IdleMinutes, Is.EqualTo(0m));
            Assert.That(summary.MaxPowerKw, Is.EqualTo(6m));
            Assert.That(summary.AveragePowerKw, Is.EqualTo(6m));
        }
    }

    // meterStop, the last register reading (null: none) → billed Wh and where it came from; meterStart is 10000.
    [TestCase(22000, 21000, 12000, "meterStop")]
    [TestCase(22000, 22000, 12000, "meterStop")]
    [TestCase(22000, null, 12000, "meterStop")]
    [TestCase(10000, null, 0, "meterStop")]
    [TestCase(null, 13000, 3000, "lastRegister")]
    [TestCase(9000, 13000, 3000, "lastRegister")]
    [TestCase(12000, 13000, 3000, "lastRegister")]
    [TestCase(null, null, 0, "none")]
    [TestCase(9000, null, 0, "none")]
    [TestCase(9000, 9500, 0, "none")]
    public void Summarize_MeterStopAndLastRegister_BillFromTheUsableReading(
        decimal? meterStopWh, decimal? lastRegisterWh, decimal expectedEnergyWh, string expectedSource)
    {
        var samples = lastRegisterWh is { } wh ? new[] { Register("14:30", 11000m), Register("14:50", wh) } : [];

        var summary = SessionCalculator.Summarize(Facts("14:00", "15:00", 10000m, meterStopWh, samples));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.EnergyWh, Is.EqualTo(expectedEnergyWh));
            Assert.That(summary.EnergyKwh, Is.EqualTo(expectedEnergyWh / 1000m));
            Assert.That(summary.EnergySource, Is.EqualTo(expectedSource));
            Assert.That(summary.EndRegisterWh, Is.EqualTo(10000m + expectedEnergyWh));
        }
    }

    [Test]
    public void Summarize_ReadingAfterTheStop_DoesNotMoveTheBilledEnd()
    {
        // A reading timestamped after the stop used to be "the last reading", above meterStop, and was billed.
        var facts = WorkedExample() with { Samples = [.. WorkedExample().Samples, Register("16:30", 30000m), PowerW("16:30", 400000m)] };

        var summary = SessionCalculator.Summarize(facts);

        Assert.That(summary, Is.EqualTo(SessionCalculator.Summarize(WorkedExample())));
    }

    [Test]
    public void Summarize_SamplesBeforeTheStart_AreNotMeasured()
    {
        // Closed without meterStop (a reboot): only the samples from the start on count, for SoC and power too.
        var facts = Facts("14:00", "15:00", 10000m, null,
            SocPercent("13:00", 5m), PowerW("13:00", 400000m), Register("13:00", 50000m),
            SocPercent("14:10", 40m), PowerW("14:10", 11000m), Register("14:30", 12000m));

        var summary = SessionCalculator.Summarize(facts);

        Assert.That((summary.EnergyWh, summary.EnergySource, summary.SocStartPercent, summary.MaxPowerKw),
            Is.EqualTo((2000m, EnergySources.LastRegister, 40m, 11m)));
    }

    [Test]
    public void Summarize_ActiveSession_CountsReadingsAheadOfTheServersNow()
    {
        // While Active the stop is the server's now, not the charger's: a charger whose clock runs ahead still has an estimate.
        var facts = Facts("14:00", "15:00", 10000m, null, Register("15:05", 14000m));

        Assert.That(SessionCalculator.Summarize(facts).EnergyWh, Is.EqualTo(4000m));
    }

    [Test]
    public void Summarize_NothingBillable_HasNoChargingStretchBackToMeterStart()
    {
        // A meter reset: nothing can be billed. The billed end register is meterStart; charging time and power come from
        // what the charger reported, not from a jump back up to it.
        var facts = Facts("14:00", "15:00", 2000000m, 3000m, Register("14:20", 2001000m), Register("14:40", 1000m));

        var summary = SessionCalculator.Summarize(facts);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.EnergySource, Is.EqualTo(EnergySources.None));
            Assert.That(summary.ChargingMinutes, Is.EqualTo(40m), "14:00-14:20 and 14:40-15:00");
            Assert.That(summary.MaxPowerKw, Is.EqualTo(6m));
        }
    }

    [Test]
    public void Summarize_StopBeforeStart_HasNoDurationAndNoNegativeFigures()
    {
        var summary = SessionCalculator.Summarize(Facts("14:40", "14:30", 10000m, 12000m));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.EnergyWh, Is.EqualTo(2000m));
            Assert.That(summary.DurationMinutes, Is.EqualTo(0m));
            Assert.That(summary.ChargingMinutes, Is.EqualTo(0m));
            Assert.That(summary.IdleMinutes, Is.EqualTo(0m));
            Assert.That(summary.MaxPowerKw, Is.Null);
            Assert.That(summary.AveragePowerKw, Is.Null);
        }
    }

    [Test]
    public void Summarize_NoChangeAfterLastReading_CountsTheTailAsIdle()
    {
        var summary = SessionCalculator.Summarize(Facts("14:00", "16:00", 10000m, 21000m, Register("15:00", 21000m)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.ChargingMinutes, Is.EqualTo(60m));
            Assert.That(summary.IdleMinutes, Is.EqualTo(60m));
            Assert.That(summary.AveragePowerKw, Is.EqualTo(11m));
        }
    }

    [Test]
    public void Summarize_StopReadingAboveLastReading_CountsTheTailAsCharging()
    {
        var summary = SessionCalculator.Summarize(Facts("14:00", "15:00", 10000m, 16000m, Register("14:30", 10000m)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.ChargingMinutes, Is.EqualTo(30m));
            Assert.That(summary.IdleMinutes, Is.EqualTo(30m));
            Assert.That(summary.MaxPowerKw, Is.EqualTo(12m));
            Assert.That(summary.AveragePowerKw, Is.EqualTo(12m));
        }
    }

    [TestCase(99, 0, 60)]
    [TestCase(100, 60, 0)]
    public void Summarize_AveragePowerAroundHundredWatts_SplitsChargingFromIdle(
        decimal energyInOneHourWh, decimal expectedChargingMinutes, decimal expectedIdleMinutes)
    {
        var summary = SessionCalculator.Summarize(Facts("14:00", "15:00", 10000m, 10000m + energyInOneHourWh));

        Assert.That(
            (summary.ChargingMinutes, summary.IdleMinutes),
            Is.EqualTo((expectedChargingMinutes, expectedIdleMinutes)));
    }

    [TestCase("14:41:00", 1)]
    [TestCase("14:41:23", 1.38)]
    [TestCase("14:40:20", 0.33)]
    [TestCase("14:40:30", 0.5)]
    [TestCase("14:40:00.900", 0)]
    [TestCase("14:41:00.999", 1)]
    public void Summarize_Duration_IsWholeSecondsInMinutesToTwoDecimals(string stop, decimal expectedMinutes)
    {
        var summary = SessionCalculator.Summarize(Facts("14:40", stop, 10000m, 10000m));

        Assert.That(summary.DurationMinutes, Is.EqualTo(expectedMinutes));
    }

    [Test]
    public void Summarize_OddDuration_KeepsChargingPlusIdleEqualToDuration()
    {
        var summary = SessionCalculator.Summarize(
            Facts("14:40:00", "15:47:13.5", 10000m, 15000m, Register("15:01:07", 13000m), Register("15:23:41.2", 15000m)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.DurationMinutes, Is.EqualTo(67.22m));
            Assert.That(summary.ChargingMinutes, Is.EqualTo(43.69m));
            Assert.That(summary.ChargingMinutes + summary.IdleMinutes, Is.EqualTo(summary.DurationMinutes));
        }
    }

    [Test]
    public void Summarize_PowerSamples_GiveMaxPowerInsteadOfIntervalAverages()
    {
        var facts = WorkedExample() with
        {
            Samples = [.. WorkedExample().Samples, PowerW("14:45", 17500m), PowerW("15:05", 21000m), PowerW("15:15", 9000m)],
        };

        Assert.That(SessionCalculator.Summarize(facts).MaxPowerKw, Is.EqualTo(21m));
    }

    [Test]
    public void Summarize_PerPhasePowerWithoutTotal_IsSummedPerTimestamp()
    {
        var facts = WorkedExample() with
        {
            Samples =
            [
                .. WorkedExample().Samples,
                PowerW("14:45", 7360m, "L1"), PowerW("14:45", 7350m, "L2"), PowerW("14:45", 7345m, "L3"),
                PowerW("14:55", 7000m, "L1"), PowerW("14:55", 20000m),
            ],
        };

        Assert.That(SessionCalculator.Summarize(facts).MaxPowerKw, Is.EqualTo(22.055m));
    }

    [Test]
    public void Summarize_KilowattPowerSamples_AreCountedInKilowatts()
    {
        var facts = WorkedExample() with { Samples = [Sample("15:00", 11.0456m, Measurands.PowerActiveImport, "kW")] };

        Assert.That(SessionCalculator.Summarize(facts).MaxPowerKw, Is.EqualTo(11.046m));
    }

    [Test]
    public void Summarize_AveragePower_IsRoundedToWholeWatts()
    {
        var summary = SessionCalculator.Summarize(Facts("14:00", "14:45", 10000m, 20000m));

        Assert.That(summary.AveragePowerKw, Is.EqualTo(13.333m));
    }

    [Test]
    public void Summarize_SocSamples_GiveFirstAndLastByTime()
    {
        var facts = WorkedExample() with
        {
            Samples = [.. WorkedExample().Samples, SocPercent("15:40", 81m), SocPercent("14:45", 22m), SocPercent("15:10", 55m)],
        };

        var summary = SessionCalculator.Summarize(facts);

        Assert.That((summary.SocStartPercent, summary.SocEndPercent), Is.EqualTo(((decimal?)22m, (decimal?)81m)));
    }

    [Test]
    public void Summarize_ActiveSession_EstimatesFromLastReadingUntilNow()
    {
        var active = WorkedExample() with { MeterStopWh = null, StopTime = At("15:25") };

        var summary = SessionCalculator.Summarize(active);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.EnergyKwh, Is.EqualTo(12m));
            Assert.That(summary.EnergySource, Is.EqualTo(EnergySources.LastRegister));
            Assert.That(summary.DurationMinutes, Is.EqualTo(45m));
            Assert.That(summary.ChargingMinutes, Is.EqualTo(40m));
            Assert.That(summary.IdleMinutes, Is.EqualTo(5m));
        }
    }

    [Test]
    public void Summarize_RegisterInKilowattHours_BillsInWattHours()
    {
        var summary = SessionCalculator.Summarize(Facts(
            "14:00", "15:00", 10000m, null, Sample("14:50", 12.345m, Measurands.EnergyActiveImportRegister, "kWh")));

        Assert.That((summary.EnergyWh, summary.EnergyKwh), Is.EqualTo((2345m, 2.345m)));
    }

    [Test]
    public void Summarize_NullFacts_Throws() =>
        Assert.That(() => SessionCalculator.Summarize(null!), Throws.ArgumentNullException);
}
