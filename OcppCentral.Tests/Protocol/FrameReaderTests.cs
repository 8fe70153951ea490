using Newtonsoft.Json.Linq;
using OcppCentral.Protocol;

namespace OcppCentral.Tests.Protocol;

public class FrameReaderTests
{
    [Test]
    public void Read_Call_ReturnsActionAndPayload()
    {
        var result = FrameReader.Read("""[2,"19223201","BootNotification",{"chargePointVendor":"VendorX","chargePointModel":"SingleSocketCharger"}]""");

        var call = result.Frame as OcppCall;
        Assert.That(call, Is.Not.Null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(call!.MessageId, Is.EqualTo("19223201"));
            Assert.That(call.Action, Is.EqualTo("BootNotification"));
            Assert.That(call.Payload["chargePointVendor"]!.Value<string>(), Is.EqualTo("VendorX"));
            Assert.That(result.Error, Is.Null);
        }
    }

    [Test]
    public void Read_CallResult_ReturnsPayload()
    {
        var result = FrameReader.Read("""[3,"42",{"status":"Accepted"}]""");

        Assert.That(result.Frame, Is.EqualTo(new OcppCallResult("42", new JObject())).Using<OcppFrame>((a, b) => a.MessageId == b.MessageId && a.GetType() == b.GetType()));
    }

    [Test]
    public void Read_CallError_ReturnsCodeAndDescription()
    {
        var error = FrameReader.Read("""[4,"7","NotSupported","no",{}]""").Frame as OcppCallError;

        Assert.That(error, Is.Not.Null);
        Assert.That((error!.ErrorCode, error.ErrorDescription), Is.EqualTo(("NotSupported", "no")));
    }

    [TestCase("not json at all", "-1")]
    [TestCase("{\"a\":1}", "-1")]
    [TestCase("[]", "-1")]
    [TestCase("[\"2\",\"1\",\"Heartbeat\",{}]", "-1")]
    [TestCase("[2,5,\"Heartbeat\",{}]", "-1")]
    [TestCase("[2,\"abc\"]", "abc")]
    [TestCase("[2,\"abc\",\"Heartbeat\"]", "abc")]
    [TestCase("[2,\"abc\",\"Heartbeat\",[]]", "abc")]
    [TestCase("[2,\"abc\",17,{}]", "abc")]
    [TestCase("[2,\"abc\",\"Heartbeat\",{},{}]", "abc")]
    [TestCase("[2,\"abc\",\"Heartbeat\",{}] trailing", "-1")]
    public void Read_MalformedCall_IsFormationViolationWithReadableId(string text, string expectedId)
    {
        var result = FrameReader.Read(text);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Frame, Is.Null);
            Assert.That(result.Error?.ErrorCode, Is.EqualTo(OcppErrorCode.FormationViolation));
            Assert.That(result.Error?.MessageId, Is.EqualTo(expectedId));
        }
    }

    [Test]
    public void Read_ArrayOfTwo_IsFormationViolation() =>
        Assert.That(FrameReader.Read("[2,\"x\"]").Error?.ErrorCode, Is.EqualTo(OcppErrorCode.FormationViolation));

    [Test]
    public void Read_MessageIdLongerThan36_IsUnreadableId() =>
        Assert.That(FrameReader.Read($"[2,\"{new string('a', 37)}\",\"Heartbeat\",{{}}]").Error?.MessageId, Is.EqualTo("-1"));

    [Test]
    public void Read_UnknownMessageType_IsProtocolError() =>
        Assert.That(FrameReader.Read("[5,\"x\",{}]").Error?.ErrorCode, Is.EqualTo(OcppErrorCode.ProtocolError));

    [TestCase("[3,\"x\"]")]
    [TestCase("[4,\"x\",\"GenericError\"]")]
    public void Read_MalformedResponse_IsIgnoredNotAnswered(string text)
    {
        var result = FrameReader.Read(text);

        Assert.That((result.Frame, result.Error, result.Problem is null), Is.EqualTo(((OcppFrame?)null, (OcppCallError?)null, false)));
    }

    [Test]
    public void Read_Timestamp_KeptAsSentString()
    {
        var call = (OcppCall)FrameReader.Read("""[2,"1","Heartbeat",{"t":"2026-11-24T14:40:00.123+01:00"}]""").Frame!;

        Assert.That(call.Payload["t"]!.Type, Is.EqualTo(JTokenType.String));
    }

    [Test]
    public void Write_CallError_RoundTrips()
    {
        var text = FrameWriter.Write(OcppCallError.Create("9", OcppErrorCode.NotImplemented, "nope"));

        Assert.That(text, Is.EqualTo("""[4,"9","NotImplemented","nope",{}]"""));
    }
}
