using OcppCentral.Pricing;
using static OcppCentral.Tests.Pricing.PricingFixtures;

namespace OcppCentral.Tests.Pricing;

public class TariffPeriodTests
{
    [TestCase(new[] { "Mon", "Tue", "Wed", "Thu", "Fri" }, "16:00", "19:00", "Mon-Fri 16:00-19:00")]
    [TestCase(new[] { "Mon", "Tue" }, "22:00", "06:00", "Mon,Tue 22:00-06:00")]
    [TestCase(new[] { "Mon", "Wed", "Thu", "Fri" }, "08:00", "10:00", "Mon,Wed-Fri 08:00-10:00")]
    [TestCase(new[] { "Sat", "Sun" }, "10:00", "14:00", "Sat,Sun 10:00-14:00")]
    [TestCase(new[] { "Sun", "Mon" }, "00:00", "06:30", "Mon,Sun 00:00-06:30")]
    [TestCase(new[] { "Mon", "Tue", "Wed", "Fri", "Sat", "Sun" }, "18:00", "00:00", "Mon-Wed,Fri-Sun 18:00-00:00")]
    [TestCase(new[] { "Sun", "Sat", "Fri", "Thu", "Wed", "Tue", "Mon" }, "22:00", "06:00", "Mon-Sun 22:00-06:00")]
    public void Label_AnyDays_IsReadableAndInWeekOrder(string[] days, string from, string to, string label)
    {
        var period = Tariff.Create(Free with { Periods = [Period(days, from, to, 1m)] }).Periods.Single();

        Assert.That(period.Label, Is.EqualTo(label));
    }

    [TestCase("16:00", "19:00", false, 180)]
    [TestCase("22:00", "06:00", true, 480)]
    [TestCase("18:00", "00:00", true, 360)]
    [TestCase("00:00", "00:01", false, 1)]
    public void Length_DayAndOvernightPeriods_CountsLocalClockMinutes(string from, string to, bool overnight, int minutes)
    {
        var period = Tariff.Create(Free with { Periods = [Period(["Mon"], from, to, 1m)] }).Periods.Single();

        Assert.That((period.IsOvernight, period.Length), Is.EqualTo((overnight, TimeSpan.FromMinutes(minutes))));
    }

    [Test]
    public void StartsOn_ListedAndUnlistedDays_Answers()
    {
        var period = Tariff.Create(Free with { Periods = [Period(["Mon", "Sun"], "22:00", "06:00", 1m)] }).Periods.Single();

        Assert.That(Enum.GetValues<DayOfWeek>().Where(period.StartsOn), Is.EquivalentTo(new[] { DayOfWeek.Monday, DayOfWeek.Sunday }));
        Assert.That(period.Days, Is.EqualTo(new[] { DayOfWeek.Monday, DayOfWeek.Sunday }));
    }
}
