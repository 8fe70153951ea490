using System.Text;
using System.Text.Json.Nodes;
using ChargeMonitor.Bench;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Bench;

/// <summary>
/// The idle-memory bench's raw charger answers the display read the server makes after every boot
/// (docs/charger-display.md), so that call is over at once instead of waiting for the server's call timeout.
/// </summary>
[CancelAfter(60_000)]
public class IdleChargerTests
{
    [Test]
    public void DisplayReadAnswer_GetConfiguration_IsACallResultWithEveryKeyAskedUnknown()
    {
        var answer = IdleCharger.DisplayReadAnswer("""[2,"cs-7","GetConfiguration",{"key":["CustomDisplayCostAndPrice","Language"]}]"""u8);

        Assert.That(JsonNode.Parse(Encoding.UTF8.GetString(answer!))!.ToJsonString(),
            Is.EqualTo("""[3,"cs-7",{"configurationKey":[],"unknownKey":["CustomDisplayCostAndPrice","Language"]}]"""));
    }

    [TestCase("""[2,"cs-8","Reset",{"type":"Soft"}]""")]
    [TestCase("""[3,"cs-9",{}]""")]
    [TestCase("not json")]
    public void DisplayReadAnswer_AnythingElse_IsNotAnswered(string frame) =>
        Assert.That(IdleCharger.DisplayReadAnswer(Encoding.UTF8.GetBytes(frame)), Is.Null);

    [Test]
    public async Task Boot_AgainstTheServer_ItsDisplayReadIsAnswered_AndTheChargerStaysConnected(CancellationToken ct)
    {
        await using var server = await TestServer.StartAsync();
        await using var charger = await IdleCharger.BootAsync(new UriBuilder(server.BaseUri) { Scheme = "ws" }.Uri, "IDLE-0001", ct);

        await charger.DisplayReadAnswered.WaitAsync(ct);
        Assert.That(charger.IsOpen, Is.True);
    }
}
