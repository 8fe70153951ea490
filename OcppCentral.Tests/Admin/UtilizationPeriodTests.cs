using OcppCentral.Admin;
using OcppCentral.Admin.Reports;

namespace OcppCentral.Tests.Admin;

public class UtilizationPeriodTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Earliest = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static UtilizationPeriod? Of(DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset? earliest) =>
        UtilizationPeriod.Of(new TimeRange(from, to), earliest, Now);

    [Test]
    public void Of_FromAndToInThePast_IsThatPeriod() =>
        Assert.That(Of(Earliest, Earliest.AddDays(7), null), Is.EqualTo(new UtilizationPeriod(Earliest, Earliest.AddDays(7))));

    [Test]
    public void Of_NoFrom_StartsAtTheFirstSession() =>
        Assert.That(Of(null, Earliest.AddDays(7), Earliest), Is.EqualTo(new UtilizationPeriod(Earliest, Earliest.AddDays(7))));

    [Test]
    public void Of_NoTo_EndsNow() =>
        Assert.That(Of(Earliest, null, null), Is.EqualTo(new UtilizationPeriod(Earliest, Now)));

    [Test]
    public void Of_ToInTheFuture_EndsNow() =>
        Assert.That(Of(Earliest, Now.AddDays(30), null), Is.EqualTo(new UtilizationPeriod(Earliest, Now)));

    [Test]
    public void Of_NoFromAndNoSessions_IsNothing() => Assert.That(Of(null, null, null), Is.Null);

    [Test]
    public void Of_FromInTheFuture_IsNothing() => Assert.That(Of(Now.AddDays(1), Now.AddDays(2), null), Is.Null);

    [TestCase(0, 0)]
    [TestCase(3_600_000, 50)]
    [TestCase(2_400_000, 33.33)]
    [TestCase(4_800_000, 66.67)]
    [TestCase(7_200_000, 100)]
    public void PercentOf_BusyTimeInATwoHourPeriod_IsItsShareToTwoDecimals(long busyMs, decimal percent) =>
        Assert.That(new UtilizationPeriod(Earliest, Earliest.AddHours(2)).PercentOf(busyMs), Is.EqualTo(percent));
}
