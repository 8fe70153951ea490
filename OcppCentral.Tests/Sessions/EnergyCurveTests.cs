using OcppCentral.Sessions;
using static OcppCentral.Tests.Sessions.SessionSamples;

namespace OcppCentral.Tests.Sessions;

public class EnergyCurveTests
{
    [Test]
    public void Intervals_WorkedExample_RunFromMeterStartThroughReadingsToEndRegister()
    {
        var intervals = EnergyCurve.Intervals(WorkedExample(), endRegisterWh: 22000m);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(intervals, Has.Count.EqualTo(7));
            Assert.That(intervals[0], Is.EqualTo(new EnergyInterval(At("14:40"), At("14:50"), 10000m, 13000m)));
            Assert.That(intervals[^1], Is.EqualTo(new EnergyInterval(At("15:40"), At("15:50"), 22000m, 22000m)));
            Assert.That(intervals.Select(i => i.AveragePowerW), Is.EqualTo(new[] { 18000m, 18000m, 18000m, 18000m, 0m, 0m, 0m }));
            Assert.That(intervals.Count(i => i.IsCharging), Is.EqualTo(4));
        }
    }

    [Test]
    public void Intervals_ReadingsAtOrOutsideStartAndStop_AreNotCurvePoints()
    {
        var facts = Facts(
            "14:40", "15:00", 10000m, 12000m,
            Register("14:30", 9000m), Register("14:40", 10000m), Register("14:50", 11000m), Register("15:00", 12000m), Register("15:10", 12500m));

        var intervals = EnergyCurve.Intervals(facts, endRegisterWh: 12000m);

        Assert.That(intervals.Select(i => (i.From, i.To)), Is.EqualTo(new[] { (At("14:40"), At("14:50")), (At("14:50"), At("15:00")) }));
    }

    [TestCase("14:40")]
    [TestCase("14:30")]
    public void Intervals_StopNotAfterStart_IsEmpty(string stop) =>
        Assert.That(EnergyCurve.Intervals(Facts("14:40", stop, 10000m, 10000m), 10000m), Is.Empty);

    [Test]
    public void Interval_RegisterGoingBackwards_HasNegativePowerAndIsIdle()
    {
        var interval = new EnergyInterval(At("14:40"), At("14:50"), 13000m, 12000m);

        Assert.That((interval.AveragePowerW, interval.IsCharging), Is.EqualTo((-6000m, false)));
    }

    [TestCase("14:40")]
    [TestCase("14:30")]
    public void Interval_EndingAtOrBeforeItsStart_IsRejected(string to) =>
        Assert.That(() => new EnergyInterval(At("14:40"), At(to), 0m, 0m), Throws.ArgumentException);
}
