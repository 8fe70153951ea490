using OcppCentral.Admin.Reports;
using OcppCentral.Storage;

namespace OcppCentral.Tests.Admin;

public class AvailabilityTests
{
    private static LinkEvent Up(long at, string id = "CP") => new(id, at, true);

    private static LinkEvent Down(long at, string id = "CP") => new(id, at, false);

    [Test]
    public void Intervals_ConnectedThenDisconnected_OnlineBetweenThemMeasuredFromTheFirst()
    {
        var (online, measured) = Availability.Intervals([Up(10), Down(40), Up(60)], 0, 100);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(online, Is.EqualTo(new[] { ("CP", 10L, 40L), ("CP", 60L, 100L) }));
            Assert.That(measured, Is.EqualTo(new[] { ("CP", 10L, 100L) }));
        }
    }

    [Test]
    public void Intervals_ConnectedBeforeTheRange_OnlineFromItsStart()
    {
        var (online, measured) = Availability.Intervals([Up(-50), Down(30)], 0, 100);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(online, Is.EqualTo(new[] { ("CP", 0L, 30L) }));
            Assert.That(measured, Is.EqualTo(new[] { ("CP", 0L, 100L) }));
        }
    }

    [Test]
    public void Intervals_DisconnectedBeforeTheRange_OfflineThroughout()
    {
        var (online, measured) = Availability.Intervals([Down(-5)], 0, 100);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(online, Is.Empty);
            Assert.That(Availability.Percent(0, measured.Single().StopMs - measured.Single().StartMs), Is.Zero);
        }
    }

    [Test]
    public void Intervals_SecondConnectedWhileOnline_KeepsTheFirstStart()
    {
        var (online, _) = Availability.Intervals([Up(10), Up(20), Down(70)], 0, 100);

        Assert.That(online, Is.EqualTo(new[] { ("CP", 10L, 70L) }));
    }

    [Test]
    public void Intervals_EachChargerOnItsOwn()
    {
        var (online, measured) = Availability.Intervals([Up(0, "A"), Down(50, "A"), Up(25, "B")], 0, 100);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(online, Is.EquivalentTo(new[] { ("A", 0L, 50L), ("B", 25L, 100L) }));
            Assert.That(measured, Is.EquivalentTo(new[] { ("A", 0L, 100L), ("B", 25L, 100L) }));
        }
    }

    [TestCase(75, 100, 75)]
    [TestCase(1, 3, 33.33)]
    public void Percent_RoundsToTwoDecimals(long online, long measured, decimal percent) =>
        Assert.That(Availability.Percent(online, measured), Is.EqualTo(percent));

    [Test]
    public void Percent_NothingMeasured_IsNull() => Assert.That(Availability.Percent(0, 0), Is.Null);
}
