extern alias sim;

using sim::ChargeMonitor.Simulator.Charging;

namespace OcppCentral.Tests.Simulator;

public class ChargingCurveTests
{
    [TestCase(0, 1.0)]
    [TestCase(50, 1.0)]
    [TestCase(80, 1.0)]
    [TestCase(90, 0.5)]
    [TestCase(95, 0.25)]
    [TestCase(99.5, 0.05)]
    [TestCase(100, 0.0)]
    public void AcceptanceFactor_TapersLinearlyAbove80Percent(decimal socPercent, decimal expected)
    {
        Assert.That(ChargingCurve.AcceptanceFactor(socPercent), Is.EqualTo(expected));
    }

    [Test]
    public void AcceptanceFactor_NearlyFull_KeepsATrickle()
    {
        Assert.That(ChargingCurve.AcceptanceFactor(99.99m), Is.EqualTo(ChargingCurve.TrickleFactor));
    }
}
