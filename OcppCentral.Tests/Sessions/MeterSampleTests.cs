using OcppCentral.Sessions;

namespace OcppCentral.Tests.Sessions;

public class MeterSampleTests
{
    private static readonly MeterSample Valid = new(
        SessionSamples.At("14:50"), "Energy.Active.Import.Register", "13000", "Wh", null, "Sample.Periodic", "Outlet", "Raw", 13000m, "Wh");

    [Test]
    public void Create_NormalizedValueWithoutUnit_IsRejected() =>
        Assert.That(() => new MeterSample(Valid.Timestamp, Valid.Measurand, "1", "Wh", null, "Other", "Outlet", "Raw", 1m, null), Throws.ArgumentException);

    [Test]
    public void Create_EmptyMeasurand_IsRejected() =>
        Assert.That(() => Valid with { Measurand = "" }, Throws.ArgumentException);

    [Test]
    public void Create_NullValue_IsRejected() =>
        Assert.That(() => Valid with { Value = null! }, Throws.ArgumentNullException);
}
