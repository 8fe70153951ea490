using OcppCentral.Sessions;
using static OcppCentral.Tests.Sessions.SessionSamples;

namespace OcppCentral.Tests.Sessions;

/// <summary>DetectAtClose's checks on the energy register and meterStop; the rest are in the other part.</summary>
public partial class AnomalyDetectorTests
{
    [Test]
    public void DetectAtClose_Spec5WorkedExample_FindsNothing() => Assert.That(Detect(WorkedExample()), Is.Empty);

    [Test]
    public void DetectAtClose_ReadingBelowThePreviousOne_IsMeterWentBackwards()
    {
        var facts = Facts("14:40", "15:20", 10000m, 16000m, Register("14:50", 13000m), Register("15:00", 12500m), Register("15:10", 16000m));

        var anomaly = Detect(facts).Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(anomaly.Code, Is.EqualTo(AnomalyCodes.MeterWentBackwards));
            Assert.That(anomaly.Detail, Does.Contain(
                "reading 13000 Wh at 2026-11-24T14:50:00Z, then reading 12500 Wh at 2026-11-24T15:00:00Z (500 Wh lower)"));
        }
    }

    [Test]
    public void DetectAtClose_ReadingEqualToThePreviousOne_IsNotBackwards()
    {
        var facts = Facts("14:40", "15:20", 10000m, 13000m, Register("14:40", 10000m), Register("14:50", 13000m), Register("15:00", 13000m));

        Assert.That(Codes(facts), Does.Not.Contain(AnomalyCodes.MeterWentBackwards));
    }

    [Test]
    public void DetectAtClose_FirstReadingBelowMeterStart_IsMeterWentBackwards()
    {
        var anomaly = Detect(Facts("14:40", "15:00", 10000m, 12000m, Register("14:50", 9990m))).Single();

        Assert.That(anomaly.Detail, Does.Contain("meterStart 10000 Wh at 2026-11-24T14:40:00Z, then reading 9990 Wh"));
    }

    [Test]
    public void DetectAtClose_EvDuplicateLowerThanOutletReading_IsNotBackwards()
    {
        var facts = Facts(
            "14:40", "15:10", 10000m, 16000m,
            Register("14:50", 13000m), Register("15:00", 16000m), Register("15:00", 15800m, location: "EV"));

        Assert.That(Detect(facts), Is.Empty);
    }

    [Test]
    public void DetectAtClose_ManyDrops_GiveOneAnomalyListingTheFirstFive()
    {
        var sawtooth = Enumerable.Range(0, 7)
            .SelectMany(i => new[] { Register($"15:{i:D2}:00", 12000m), Register($"15:{i:D2}:30", 11000m) })
            .ToArray();

        var anomalies = Detect(Facts("14:40", "16:00", 10000m, 12000m, sawtooth));

        var backwards = anomalies.Single(a => a.Code == AnomalyCodes.MeterWentBackwards);
        Assert.That(backwards.Detail, Does.StartWith("The energy register went backwards 7 times: ").And.Contain("; and 2 more."));
    }

    [Test]
    public void DetectAtClose_MeterStopBelowMeterStart_IsFlagged()
    {
        var anomaly = Detect(Facts("14:40", "15:00", 10000m, 9000m)).Single(a => a.Code == AnomalyCodes.MeterStopBelowStart);

        Assert.That(anomaly.Detail, Is.EqualTo(
            "meterStop 9000 Wh is 1000 Wh below meterStart 10000 Wh; expected at least meterStart. "
            + "Nothing billed: meterStop 9000 Wh is below meterStart 10000 Wh, and there is no register reading to bill from."));
    }

    [Test]
    public void DetectAtClose_MeterStopEqualToMeterStart_IsNotBelowStart() =>
        Assert.That(Codes(Facts("14:40", "15:00", 10000m, 10000m)), Does.Not.Contain(AnomalyCodes.MeterStopBelowStart));

    [Test]
    public void DetectAtClose_MeterStopBelowHighestReading_IsMeterStopMismatch()
    {
        var facts = WorkedExample() with { MeterStopWh = 21000m };

        var anomaly = Detect(facts).Single(a => a.Code == AnomalyCodes.MeterStopMismatch);

        Assert.That(anomaly.Detail, Is.EqualTo(
            "meterStop 21000 Wh is 1000 Wh below the highest register reading, 22000 Wh at 2026-11-24T15:20:00Z. "
            + "Billed 12000 Wh, from meterStart up to the last register reading, 22000 Wh at 2026-11-24T15:40:00Z, because meterStop is below that reading."));
    }

    [TestCase(22100, false)]
    [TestCase(22050, false)]
    [TestCase(22000, false)]
    [TestCase(22100.5, true)]
    [TestCase(22101, true)]
    [TestCase(23000, true)]
    public void DetectAtClose_MeterStopAgainstTransactionEndReading_IsMismatchBeyondHundredWh(decimal meterStopWh, bool flagged)
    {
        var facts = WorkedExample() with
        {
            MeterStopWh = meterStopWh,
            Samples = [.. WorkedExample().Samples, Register("15:50", 22000m, context: SampleContexts.TransactionEnd)],
        };

        Assert.That(Codes(facts).Contains(AnomalyCodes.MeterStopMismatch), Is.EqualTo(flagged));
    }

    [Test]
    public void DetectAtClose_TransactionEndReadingAboveMeterStop_SaysByHowMuch()
    {
        var facts = WorkedExample() with
        {
            Samples = [.. WorkedExample().Samples, Register("15:50", 22250m, context: SampleContexts.TransactionEnd)],
        };

        var anomaly = Detect(facts).Single(a => a.Code == AnomalyCodes.MeterStopMismatch);

        Assert.That(anomaly.Detail, Does.Contain(
            "meterStop 22000 Wh is 250 Wh below the Transaction.End reading 22250 Wh at 2026-11-24T15:50:00Z; at most 100 Wh apart expected"));
    }

    [Test]
    public void DetectAtClose_MeterResetMidSession_SaysInWordsWhyNothingIsBilled()
    {
        // The register falls back to 0 at 15:00 and counts on; meterStop is from the new count.
        var facts = Facts("14:40", "15:20", 2000000m, 5000m,
            Register("14:50", 2003000m), Register("15:00", 0m), Register("15:10", 2500m));

        var anomaly = Detect(facts).Single(a => a.Code == AnomalyCodes.MeterStopBelowStart);

        Assert.That(anomaly.Detail, Does.EndWith(
            "Nothing billed: meterStop 5000 Wh and the last register reading, 2500 Wh at 2026-11-24T15:10:00Z, are both below "
            + "meterStart 2000000 Wh, so no count of this session is left to bill from (was the register reset or replaced?)."));
    }

    [Test]
    public void DetectAtClose_MeterResetMidSession_IsNotImplausiblePower()
    {
        // Nothing can be billed, so the billed end register is meterStart; a curve that returned to it at the stop
        // (2 MWh in 10 minutes) was the server's own artefact, reported as the charger's units.
        var facts = Facts("14:40", "15:20", 2000000m, 5000m,
            Register("14:50", 2003000m), Register("15:00", 0m), Register("15:10", 2500m));

        Assert.That(Codes(facts), Is.EquivalentTo(new[]
        {
            AnomalyCodes.MeterWentBackwards, AnomalyCodes.MeterStopBelowStart, AnomalyCodes.MeterStopMismatch, AnomalyCodes.ZeroEnergy,
        }));
    }

    [Test]
    public void DetectAtClose_MeterStopInWrongUnits_IsImplausiblePowerOfTheChargersOwnFigures()
    {
        // meterStop 1000 times too high is the charger's data: the last stretch to it is flagged.
        var anomaly = Detect(Facts("14:40", "15:00", 10000m, 12000000m, Register("14:50", 11000m)))
            .Single(a => a.Code == AnomalyCodes.ImplausiblePower);

        Assert.That(anomaly.Detail, Does.Contain("11989000 Wh from 2026-11-24T14:50:00Z to 2026-11-24T15:00:00Z"));
    }

    [Test]
    public void DetectAtClose_ReadingAfterTheStop_IsReadingOutsideSession()
    {
        var facts = WorkedExample() with
        {
            Samples = [.. WorkedExample().Samples, Register("16:00", 30000m), PowerW("16:00", 7000m), Register("14:30", 9000m)],
        };

        var anomaly = Detect(facts).Single();

        Assert.That(anomaly, Is.EqualTo(new Anomaly(AnomalyCodes.ReadingOutsideSession,
            "3 meter values are timestamped outside the session (2026-11-24T14:40:00Z to 2026-11-24T15:50:00Z), so they are stored "
            + "but not billed: register 9000 Wh at 2026-11-24T14:30:00Z (10 minutes before the start); register 30000 Wh and 1 other value "
            + "at 2026-11-24T16:00:00Z (10 minutes after the stop). Check the charger's clock, or whether they belong to another transaction.")));
    }

    [Test]
    public void DetectAtClose_ReadingsAtTheStartAndStopInstants_AreInside()
    {
        var facts = WorkedExample() with
        {
            Samples =
            [
                .. WorkedExample().Samples,
                Register("14:40", 10000m, context: SampleContexts.TransactionBegin), Register("15:50", 22000m, context: SampleContexts.TransactionEnd),
            ],
        };

        Assert.That(Detect(facts), Is.Empty);
    }

    [Test]
    public void DetectAtClose_ActiveSessionWithoutMeterStop_HasNoMeterStopAnomalies()
    {
        var facts = WorkedExample() with { MeterStopWh = null };

        Assert.That(Detect(facts), Is.Empty);
    }

    private static IReadOnlyList<Anomaly> Detect(SessionFacts facts) =>
        AnomalyDetector.DetectAtClose(facts, SessionCalculator.Summarize(facts));

    private static IReadOnlyList<string> Codes(SessionFacts facts) => Detect(facts).Select(a => a.Code).ToList();
}
