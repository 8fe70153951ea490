extern alias sim;

using sim::ChargeMonitor.Simulator.Scenarios;

namespace OcppCentral.Tests.Simulator;

public class ScenarioTests
{
    [Test]
    public void Parse_CommaSeparatedNames_CombinesScenarios()
    {
        Assert.That(ScenarioNames.Parse("offline, clock-skew,unknown-transaction"),
            Is.EqualTo(Scenario.Offline | Scenario.ClockSkew | Scenario.UnknownTransaction));
    }

    [TestCase("offline,nope")]
    [TestCase("meter_kwh")]
    public void Parse_UnknownName_IsNull(string text)
    {
        Assert.That(ScenarioNames.Parse(text), Is.Null);
    }

    [Test]
    public void Format_EveryName_RoundTrips()
    {
        foreach (var name in ScenarioNames.All)
            Assert.That(ScenarioNames.Format(ScenarioNames.Parse(name)!.Value), Is.EqualTo(name));
    }

    [Test]
    public void Timeline_Offline_StartsAtAQuarterForHalfTheChargingTime()
    {
        var events = ScenarioTimeline.For(Scenario.Offline, TimeSpan.FromSeconds(60));

        Assert.That(events, Is.EqualTo(new[] { new ScenarioEvent(TimeSpan.FromSeconds(15), ScenarioAction.GoOffline, TimeSpan.FromSeconds(30)) }));
    }

    [Test]
    public void Timeline_OfflineDurationGiven_IsUsed()
    {
        var events = ScenarioTimeline.For(Scenario.Offline, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5));

        Assert.That(events.Single().Duration, Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void Timeline_ResetAndReboot_ResetComesFirstAtHalfway()
    {
        var events = ScenarioTimeline.For(Scenario.Reboot | Scenario.MeterReset | Scenario.Offline, TimeSpan.FromSeconds(40));

        Assert.That(events.Select(e => (e.At, e.Action)), Is.EqualTo(new[]
        {
            (TimeSpan.FromSeconds(10), ScenarioAction.GoOffline),
            (TimeSpan.FromSeconds(20), ScenarioAction.ResetMeter),
            (TimeSpan.FromSeconds(20), ScenarioAction.Reboot),
        }));
    }

    [Test]
    public void Timeline_ScenariosWithoutEvents_AreEmpty()
    {
        Assert.That(ScenarioTimeline.For(Scenario.Duplicate | Scenario.ClockSkew | Scenario.MeterKwh, TimeSpan.FromSeconds(60)), Is.Empty);
    }

    [Test]
    public void SkewedTimeProvider_ShiftsTheWallClockOnly()
    {
        var inner = TimeProvider.System;
        var skewed = new SkewedTimeProvider(inner, TimeSpan.FromMinutes(10));

        var ahead = skewed.GetUtcNow() - inner.GetUtcNow();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ahead, Is.EqualTo(TimeSpan.FromMinutes(10)).Within(TimeSpan.FromSeconds(1)));
            Assert.That(skewed.TimestampFrequency, Is.EqualTo(inner.TimestampFrequency));
            Assert.That(skewed.GetTimestamp() - inner.GetTimestamp(), Is.LessThan(inner.TimestampFrequency));
        }
    }

    [Test]
    public void UnknownTransactionIds_AreBeyondAnyIssuedIdAndFitALong()
    {
        var random = new Random(3);

        var ids = Enumerable.Range(0, 1000).Select(_ => UnknownTransactionIds.Next(random)).ToList();

        Assert.That(ids, Is.All.InRange(UnknownTransactionIds.Lowest, long.MaxValue));
    }
}
