extern alias sim;

using System.Text;
using OcppCentral.Tests.TestSupport;
using sim::ChargeMonitor.Simulator.Client;
using SimCall = sim::OcppCentral.Protocol.OcppCall;

namespace OcppCentral.Tests.Simulator;

/// <summary>The simulator's client against the real server (one for the fixture): what happens after it has answered a server call.</summary>
[CancelAfter(30_000)]
public class OcppClientTests : SharedServerTests
{
    protected override bool VirtualTime => true;

    [Test]
    public async Task FollowUp_ThrowingAnUnexpectedException_IsReportedNotLost(CancellationToken ct)
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-FOLLOWUP", ct: ct);
        var reported = new TaskCompletionSource<(SimCall Call, Exception Error)>(TaskCreationOptions.RunContinuationsAsynchronously);
        charger.ServerCallFailed = (call, error) => reported.TrySetResult((call, error));
        charger.ServerCallHandler = _ => Task.FromResult<object>(new ServerCallReply(new { status = "Accepted" },
            () => throw new InvalidOperationException("the reboot went wrong")));

        using var response = await Server.Http.PostAsync("/api/chargepoints/CP-FOLLOWUP/commands/Reset",
            new StringContent("""{"type":"Soft"}""", Encoding.UTF8, "application/json"), ct);
        var (call, error) = await reported.Task.WaitAsync(ct);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.IsSuccessStatusCode, Is.True, "the answer went out before the follow-up ran");
            Assert.That(call.Action, Is.EqualTo("Reset"));
            Assert.That(error, Is.InstanceOf<InvalidOperationException>().With.Message.EqualTo("the reboot went wrong"));
        }
    }

    [Test]
    public async Task Handler_ThrowingUnexpectedly_IsAnsweredInternalError_AndNothingIsReported(CancellationToken ct)
    {
        await using var charger = await Chargers.BootAsync(Server, "CP-HANDLER", ct: ct);
        var reports = 0;
        charger.ServerCallFailed = (_, _) => Interlocked.Increment(ref reports);
        charger.ServerCallHandler = _ => throw new InvalidOperationException("no idea");

        using var response = await Server.Http.PostAsync("/api/chargepoints/CP-HANDLER/commands/ClearCache",
            new StringContent("{}", Encoding.UTF8, "application/json"), ct);
        var body = await response.Content.ReadAsStringAsync(ct);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(502), body);
            Assert.That(body, Does.Contain("InternalError"));
            Assert.That(reports, Is.Zero, "the server was told, through its CALLERROR");
        }
    }
}
