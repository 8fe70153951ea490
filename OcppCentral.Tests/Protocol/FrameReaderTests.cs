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
    [TestCase("[2,\"abc\",\"Heartbeat\",{}] trailing", "abc")]
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

    [TestCase("[5,\"x\",{}]")]
    [TestCase("[0,\"x\",\"Heartbeat\",{}]")]
    [TestCase("[-2,\"x\",\"Heartbeat\",{}]")]
    [TestCase("[99999999999999999999,\"x\",{}]")]
    public void Read_UnknownMessageType_IsFormationViolationWithItsId(string text)
    {
        var error = FrameReader.Read(text).Error;

        Assert.That((error?.ErrorCode, error?.MessageId), Is.EqualTo((OcppErrorCode.FormationViolation, "x")));
    }

    [TestCase("[2,\"s1\",\"Heartbeat\",{'a':1}]", "s1", TestName = "Read_NotStrictJson_SingleQuotes")]
    [TestCase("[2,\"s2\",\"Heartbeat\",{a:1}]", "s2", TestName = "Read_NotStrictJson_BarePropertyName")]
    [TestCase("[2,\"s3\",\"Heartbeat\",{\"a\":1,}]", "s3", TestName = "Read_NotStrictJson_TrailingCommaInObject")]
    [TestCase("[2,\"s4\",\"Heartbeat\",{},]", "s4", TestName = "Read_NotStrictJson_TrailingCommaInArray")]
    [TestCase("[2,\"s5\",\"Authorize\",{\"idTag\":\"A\tB\"}]", "s5", TestName = "Read_NotStrictJson_TabInString")]
    [TestCase("[2,\"s6\",\"Authorize\",{\"idTag\":\"A\nB\"}]", "s6", TestName = "Read_NotStrictJson_LineFeedInString")]
    [TestCase("[2,\"s7\",\"Heartbeat\",{/* why */}]", "s7", TestName = "Read_NotStrictJson_BlockComment")]
    [TestCase("[2,\"s8\",\"Heartbeat\",{}] // done", "s8", TestName = "Read_NotStrictJson_LineCommentAfterTheArray")]
    [TestCase("[2,\"s9\",\"StatusNotification\",{\"connectorId\":0x1}]", "s9", TestName = "Read_NotStrictJson_HexadecimalNumber")]
    [TestCase("[2,\"s10\",\"StatusNotification\",{\"connectorId\":01}]", "s10", TestName = "Read_NotStrictJson_LeadingZero")]
    [TestCase("[2,\"s11\",\"Heartbeat\",{\"a\":undefined}]", "s11", TestName = "Read_NotStrictJson_Undefined")]
    [TestCase("[2,\"s12\",\"Heartbeat\",{\"a\":[1,,2]}]", "s12", TestName = "Read_NotStrictJson_EmptyArrayElement")]
    [TestCase("[2,\"s13\",\"Heartbeat\",{\"a\":new Date(1)}]", "s13", TestName = "Read_NotStrictJson_Constructor")]
    [TestCase("[2,'s14',\"Heartbeat\",{}]", "-1", TestName = "Read_NotStrictJson_SingleQuotedId_HasNoReadableId")]
    [TestCase("{a:[2,\"s15\",\"Heartbeat\",{}]}", "-1", TestName = "Read_NotStrictJson_NotAnArray_HasNoReadableId")]
    public void Read_NotStrictJson_IsFormationViolation(string text, string expectedId)
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
    public void Read_CallResultNotStrictJson_IsIgnoredNotAnswered()
    {
        var result = FrameReader.Read("[3,\"x\",{'status':'Accepted'}]");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Frame, Is.Null);
            Assert.That(result.Error, Is.Null);
            Assert.That(result.Problem, Does.Contain("strict JSON"));
        }
    }

    [TestCase("1e400", TestName = "Read_NumberOutOfRange_ExponentBeyondDecimal")]
    [TestCase("-1e400", TestName = "Read_NumberOutOfRange_NegativeExponentBeyondDecimal")]
    [TestCase("8e28", TestName = "Read_NumberOutOfRange_JustBeyondDecimal")]
    [TestCase("123456789012345678901234567890.5", TestName = "Read_NumberOutOfRange_FractionBeyondDecimal")]
    public void Read_NumberOutOfRange_IsPropertyConstraintViolationWithItsId(string number)
    {
        var result = FrameReader.Read($"[2,\"n1\",\"StartTransaction\",{{\"connectorId\":1,\"idTag\":\"A\",\"meterStart\":{number},\"timestamp\":\"2026-11-24T14:40:00Z\"}}]");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Error?.ErrorCode, Is.EqualTo(OcppErrorCode.PropertyConstraintViolation));
            Assert.That(result.Error?.MessageId, Is.EqualTo("n1"));
            Assert.That(result.Error?.ErrorDescription, Does.Contain("meterStart"));
        }
    }

    [Test]
    public void Read_IntegerOfMoreThanMaxDigits_IsPropertyConstraintViolationWithItsId()
    {
        var digits = new string('9', StrictJson.MaxIntegerDigits + 1);

        var error = FrameReader.Read($"[2,\"n2\",\"StopTransaction\",{{\"transactionId\":{digits},\"meterStop\":5,\"timestamp\":\"2026-11-24T14:40:00Z\"}}]").Error;

        Assert.That((error?.ErrorCode, error?.MessageId), Is.EqualTo((OcppErrorCode.PropertyConstraintViolation, "n2")));
    }

    [TestCase("1e28")]
    [TestCase("-7.9e28")]
    [TestCase("1e-400")]
    [TestCase("0.12345678901234567890123456789012345")]
    public void Read_NumberWithinRange_IsRead(string number) =>
        Assert.That(FrameReader.Read($"[2,\"n3\",\"Heartbeat\",{{\"a\":{number}}}]").Frame, Is.TypeOf<OcppCall>());

    [Test]
    public void Read_IntegerOfMaxDigits_IsRead()
    {
        var call = FrameReader.Read($"[2,\"n4\",\"Heartbeat\",{{\"a\":-{new string('9', StrictJson.MaxIntegerDigits)}}}]").Frame as OcppCall;

        Assert.That(call?.Payload["a"]?.Type, Is.EqualTo(JTokenType.Integer));
    }

    [Test]
    public void Read_MessageTypeOutOfRange_HasNoReadableId() =>
        Assert.That(FrameReader.Read("[2e400,\"x\",\"Heartbeat\",{}]").Error?.MessageId, Is.EqualTo("-1"));

    [Test]
    public void Read_EscapedMessageId_IsAnsweredUnescaped() =>
        Assert.That(FrameReader.Read("[2,\"a\\u0062\",\"Heartbeat\",{'x':1}]").Error?.MessageId, Is.EqualTo("ab"));

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
