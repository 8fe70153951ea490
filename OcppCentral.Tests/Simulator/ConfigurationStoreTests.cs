extern alias sim;

using sim::ChargeMonitor.Simulator.Chargers;

namespace OcppCentral.Tests.Simulator;

public class ConfigurationStoreTests
{
    private static ConfigurationStore NewStore() => new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(300));

    [Test]
    public void Change_WritableKey_IsAcceptedAndReadLive()
    {
        var store = NewStore();

        var status = store.Change("MeterValueSampleInterval", "30");

        Assert.That((status, store.MeterValueSampleInterval), Is.EqualTo(("Accepted", TimeSpan.FromSeconds(30))));
    }

    [TestCase("NumberOfConnectors", "2", "Rejected")]
    [TestCase("HeartbeatInterval", "soon", "Rejected")]
    [TestCase("HeartbeatInterval", "-5", "Rejected")]
    [TestCase("NoSuchKey", "1", "NotSupported")]
    [TestCase("heartbeatinterval", "60", "Accepted")]
    public void Change_AnswersAsOcpp16Says(string key, string value, string expected)
    {
        Assert.That(NewStore().Change(key, value), Is.EqualTo(expected));
    }

    [Test]
    public void Get_NoKeys_ListsEveryKeyWithItsReadOnlyFlag()
    {
        var answer = NewStore().Get(null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer.ConfigurationKey!.Select(k => k.Key), Does.Contain("HeartbeatInterval").And.Contain("MeterValueSampleInterval"));
            Assert.That(answer.ConfigurationKey!.Single(k => k.Key == "NumberOfConnectors").Readonly, Is.True);
            Assert.That(answer.UnknownKey, Is.Null);
        }
    }

    [Test]
    public void Get_SomeKeys_AnswersKnownAndListsUnknown()
    {
        var answer = NewStore().Get(["meterValueSampleInterval", "Nope"]);

        Assert.That((answer.ConfigurationKey!.Single().Key, answer.ConfigurationKey!.Single().Value, answer.UnknownKey!.Single()),
            Is.EqualTo(("MeterValueSampleInterval", "10", "Nope")));
    }

    [Test]
    public void SetHeartbeatInterval_FromBootNotification_ChangesTheInterval()
    {
        var store = NewStore();

        store.SetHeartbeatInterval(60);

        Assert.That(store.HeartbeatInterval, Is.EqualTo(TimeSpan.FromSeconds(60)));
    }
}
