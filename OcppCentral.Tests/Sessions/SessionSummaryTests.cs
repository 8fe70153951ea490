using OcppCentral.Sessions;

namespace OcppCentral.Tests.Sessions;

public class SessionSummaryTests
{
    private static readonly SessionSummary Valid = new(1000m, 1m, "meterStop", 11000m, 10m, 5m, 5m, 6m, 12m, null, null);

    [Test]
    public void Create_ValidFigures_Succeeds() => Assert.That(Valid.EnergySource, Is.EqualTo(EnergySources.MeterStop));

    [Test]
    public void Create_NegativeEnergy_IsRejected() =>
        Assert.That(() => Valid with { EnergyWh = -1m }, Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void Create_NegativeIdleMinutes_IsRejected() =>
        Assert.That(() => Valid with { IdleMinutes = -0.01m }, Throws.TypeOf<ArgumentOutOfRangeException>());

    [TestCase("meterstop")]
    [TestCase("estimate")]
    public void Create_UnknownEnergySource_IsRejected(string source) =>
        Assert.That(() => Valid with { EnergySource = source }, Throws.ArgumentException);
}
