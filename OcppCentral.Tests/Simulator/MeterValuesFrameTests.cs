extern alias sim;
using sim::ChargeMonitor.Simulator.Load;
using Formatting = Newtonsoft.Json.Formatting;

namespace OcppCentral.Tests.Simulator;

public class MeterValuesFrameTests
{
    [TestCase(42L, 1_000_000L, "2026-11-24T14:40:00.123Z")]
    [TestCase(9_223_372_036_854_775_807L, 0L, "2026-01-01T00:00:00.000Z")]
    public void Payload_IsExactlyWhatTheRecordsSerializeTo(long transactionId, long registerWh, string at)
    {
        var timestamp = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);

        var fast = new MeterValuesFrame(transactionId).Payload(timestamp, registerWh);

        Assert.That(fast, Is.EqualTo(LoadMessages.MeterValuesPayload(transactionId, timestamp, registerWh).ToString(Formatting.None)));
    }

    [Test]
    public void Call_IsACallFrameWithTheGivenId()
    {
        var frame = new MeterValuesFrame(7).Call("abc", DateTimeOffset.UnixEpoch, 5);

        Assert.That(frame, Does.StartWith("[2,\"abc\",\"MeterValues\",{").And.EndWith("}]"));
    }
}
