using OcppCentral.Sessions;
using static OcppCentral.Tests.Sessions.SessionSamples;

namespace OcppCentral.Tests.Sessions;

/// <summary>DetectAtClose's checks on times, power and energy; CheckTimestamp; the factory helpers.</summary>
public partial class AnomalyDetectorTests
{
    // 6 minutes is a tenth of an hour: 35000 Wh in it is exactly 350 kW.
    [TestCase(35000, false)]
    [TestCase(35010, true)]
    public void DetectAtClose_IntervalAveragePower_IsImplausibleAbove350Kw(decimal energyInSixMinutesWh, bool flagged)
    {
        var facts = Facts("14:40", "15:00", 10000m, 10000m + energyInSixMinutesWh, Register("14:46", 10000m + energyInSixMinutesWh));

        Assert.That(Codes(facts).Contains(AnomalyCodes.ImplausiblePower), Is.EqualTo(flagged));
    }

    [Test]
    public void DetectAtClose_ImplausibleInterval_IsNamedWithItsPower()
    {
        var anomaly = Detect(Facts("14:40", "15:00", 10000m, 16000m, Register("14:41", 16000m))).Single();

        Assert.That(anomaly, Is.EqualTo(new Anomaly(
            AnomalyCodes.ImplausiblePower,
            "Average power above 350 kW once: 6000 Wh from 2026-11-24T14:40:00Z to 2026-11-24T14:41:00Z (1 minute) averages 360 kW. "
            + "Check the readings' units and timestamps.")));
    }

    [Test]
    public void DetectAtClose_StopBeforeStart_IsFlagged()
    {
        var anomaly = Detect(Facts("14:40", "14:30", 10000m, 12000m)).Single();

        Assert.That(anomaly, Is.EqualTo(new Anomaly(
            AnomalyCodes.StopBeforeStart,
            "Stop 2026-11-24T14:30:00Z is 10 minutes before start 2026-11-24T14:40:00Z; the duration is counted as 0. "
            + "Check the charger's clock.")));
    }

    [Test]
    public void DetectAtClose_StopAtStart_IsNotStopBeforeStart() =>
        Assert.That(Codes(Facts("14:40", "14:40", 10000m, 10000m)), Does.Not.Contain(AnomalyCodes.StopBeforeStart));

    [Test]
    public void DetectAtClose_NoEnergyDelivered_IsZeroEnergy()
    {
        var anomaly = Detect(Facts("14:40", "15:00", 10000m, 10000m, Register("14:50", 10000m))).Single();

        Assert.That(anomaly, Is.EqualTo(new Anomaly(
            AnomalyCodes.ZeroEnergy,
            "No energy billed (energySource meterStop): meterStart 10000 Wh, meterStop 10000 Wh, "
            + "last register reading 10000 Wh at 2026-11-24T14:50:00Z.")));
    }

    [Test]
    public void DetectAtClose_NoMeterStopAndNoReadings_IsZeroEnergyFromNone()
    {
        var anomaly = Detect(Facts("14:40", "15:00", 10000m, null)).Single();

        Assert.That(anomaly.Detail, Is.EqualTo(
            "No energy billed (energySource none): meterStart 10000 Wh, meterStop not sent, last register reading none."));
    }

    [Test]
    [SetCulture("sv-SE")]
    public void DetectAtClose_UnderAnotherCulture_WritesInvariantNumbersAndUtcTimestamps()
    {
        var inStockholm = new DateTimeOffset(2026, 11, 24, 15, 40, 0, TimeSpan.FromHours(1));
        var facts = new SessionFacts(
            inStockholm, inStockholm.AddSeconds(90), 10000.5m, 18000m,
            [Register("14:41", 17500.25m), Register("14:41:10", 16000.5m)]);

        var details = string.Join(" | ", Detect(facts).Select(a => a.Detail));

        Assert.That(details, Does.Contain("2026-11-24T14:40:00Z").And.Contain("17500.25 Wh").And.Contain("1499.75 Wh lower")
            .And.Contain("449.985 kW").And.Not.Match(@"\d,\d"));
    }

    [TestCase(-600, false)]
    [TestCase(0, false)]
    [TestCase(240, false)]
    [TestCase(300, false)]
    [TestCase(301, true)]
    [TestCase(3600, true)]
    public void CheckTimestamp_ClockAhead_IsInTheFutureBeyondFiveMinutes(int aheadSeconds, bool flagged)
    {
        var serverNow = At("14:40");

        var anomaly = AnomalyDetector.CheckTimestamp("MeterValues timestamp", serverNow.AddSeconds(aheadSeconds), serverNow);

        Assert.That(anomaly?.Code, Is.EqualTo(flagged ? AnomalyCodes.TimestampInFuture : null));
    }

    [Test]
    public void CheckTimestamp_InTheFuture_SaysWhatByHowMuch()
    {
        var anomaly = AnomalyDetector.CheckTimestamp("StartTransaction timestamp", At("14:47:30"), At("14:40"));

        Assert.That(anomaly!.Detail, Is.EqualTo(
            "StartTransaction timestamp 2026-11-24T14:47:30Z is 7.5 minutes ahead of the server's clock (2026-11-24T14:40:00Z); "
            + "at most 5 minutes expected. Check the charger's clock (NTP)."));
    }

    [Test]
    public void InterruptedByReboot_NamesTheBootAndTheClosingReading()
    {
        var facts = WorkedExample() with { MeterStopWh = null };

        var anomaly = AnomalyDetector.InterruptedByReboot(At("15:45"), EnergyRegister.LastKnown(facts));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(anomaly.Code, Is.EqualTo(AnomalyCodes.InterruptedByReboot));
            Assert.That(anomaly.Detail, Does.Contain("BootNotification at 2026-11-24T15:45:00Z")
                .And.Contain("stopReason Reboot at the last known reading, 22000 Wh at 2026-11-24T15:40:00Z"));
        }
    }

    [Test]
    public void LastKnown_NoReadings_IsMeterStartAtStart() =>
        Assert.That(EnergyRegister.LastKnown(Facts("14:40", "15:00", 10000m, null)), Is.EqualTo(new EnergyReading(At("14:40"), 10000m)));

    [Test]
    public void Superseded_NamesConnectorAndNewTransaction()
    {
        var anomaly = AnomalyDetector.Superseded(long.MaxValue, 2, At("15:00"));

        Assert.That(anomaly, Is.EqualTo(new Anomaly(
            AnomalyCodes.Superseded,
            "Connector 2 started transaction 9223372036854775807 at 2026-11-24T15:00:00Z while this session was still Active; "
            + "the charger never sent this session's StopTransaction.")));
    }

    [TestCase(null, "the charger has no tariff assigned")]
    [TestCase("night", "tariff 'night' was not found")]
    public void NoTariff_SaysWhyAndWhatToDo(string? tariffId, string why)
    {
        var anomaly = AnomalyDetector.NoTariff(tariffId);

        Assert.That(anomaly.Detail, Does.Contain(why).And.EndsWith("Assign a tariff to the charger or create the 'default' tariff."));
    }
}
