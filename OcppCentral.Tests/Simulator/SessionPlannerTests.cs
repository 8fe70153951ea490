extern alias sim;

using sim::ChargeMonitor.Simulator.Charging;

namespace OcppCentral.Tests.Simulator;

public class SessionPlannerTests
{
    private static readonly TimeSpan Charging = TimeSpan.FromSeconds(60);

    [Test]
    public void Next_SameSeed_SamePlans()
    {
        var first = Enumerable.Range(0, 20).Select(_ => 0).Aggregate(new List<SessionPlan>(), Collect(new SessionPlanner(new Random(42), Charging)));
        var second = Enumerable.Range(0, 20).Select(_ => 0).Aggregate(new List<SessionPlan>(), Collect(new SessionPlanner(new Random(42), Charging)));

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Next_ManyPlans_StayWithinTheDriverModel()
    {
        var planner = new SessionPlanner(new Random(7), Charging);

        var plans = Enumerable.Range(0, 500).Select(_ => planner.Next()).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plans.Select(p => p.StartSocPercent), Is.All.InRange(10m, 85m));
            Assert.That(plans.All(p => p.TargetSocPercent > p.StartSocPercent), Is.True, "every car has room to charge");
            Assert.That(plans.Select(p => p.IdleDuration), Is.All.InRange(TimeSpan.Zero, Charging * 0.6));
            Assert.That(plans.Count(p => p.IdleDuration == TimeSpan.Zero), Is.InRange(50, 150), "about one in five leaves at once");
            Assert.That(plans.Select(p => p.Vehicle).Distinct().Count(), Is.EqualTo(ElectricVehicle.Catalogue.Count));
            Assert.That(plans.Select(p => p.ChargingDuration), Is.All.EqualTo(Charging));
        }
    }

    [Test]
    public void Next_FixedIdleAndIdTag_AreUsed()
    {
        var planner = new SessionPlanner(new Random(1), Charging, TimeSpan.FromSeconds(5), ["CARD1"]);

        var plan = planner.Next();

        Assert.That((plan.IdleDuration, plan.IdTag), Is.EqualTo((TimeSpan.FromSeconds(5), "CARD1")));
    }

    [Test]
    public void Next_IdTagGiven_OverridesThePool()
    {
        Assert.That(new SessionPlanner(new Random(1), Charging).Next("REMOTE").IdTag, Is.EqualTo("REMOTE"));
    }

    [Test]
    public void Constructor_IdTagLongerThan20_Throws()
    {
        Assert.That(() => new SessionPlan(ElectricVehicle.Catalogue[0], new string('x', 21), 10m, 80m, Charging, TimeSpan.Zero),
            Throws.ArgumentException);
    }

    private static Func<List<SessionPlan>, int, List<SessionPlan>> Collect(SessionPlanner planner) => (list, _) =>
    {
        list.Add(planner.Next());
        return list;
    };
}
