using Newtonsoft.Json.Linq;
using OcppCentral.Protocol;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Protocol;

public class SchemaValidatorTests
{
    private static JObject Parse(string json) => (JObject)((OcppCall)FrameReader.Read($"[2,\"1\",\"X\",{json}]").Frame!).Payload;

    [TestCase("StartTransaction", """{"connectorId":1,"idTag":"ABC","meterStart":0,"timestamp":"2026-11-24T14:40:00Z"}""")]
    [TestCase("Heartbeat", "{}")]
    [TestCase("MeterValues", """{"connectorId":1,"transactionId":9223372036854775807,"meterValue":[{"timestamp":"2026-11-24T14:40:00Z","sampledValue":[{"value":"1.5","unit":"kWh"}]}]}""")]
    [TestCase("StatusNotification", """{"connectorId":0,"errorCode":"NoError","status":"Available"}""")]
    public void ValidateRequest_ValidPayload_IsNull(string action, string json) =>
        Assert.That(Schemas.Validator.ValidateRequest(action, Parse(json)), Is.Null);

    [TestCase("StartTransaction", """{"connectorId":1,"idTag":"ABC","timestamp":"2026-11-24T14:40:00Z"}""", OcppErrorCode.OccurenceConstraintViolation)]
    [TestCase("StartTransaction", """{"connectorId":"1","idTag":"ABC","meterStart":0,"timestamp":"2026-11-24T14:40:00Z"}""", OcppErrorCode.TypeConstraintViolation)]
    [TestCase("StartTransaction", """{"connectorId":1,"idTag":"ABCDEFGHIJKLMNOPQRSTUVWXYZ","meterStart":0,"timestamp":"2026-11-24T14:40:00Z"}""", OcppErrorCode.PropertyConstraintViolation)]
    [TestCase("StartTransaction", """{"connectorId":1,"idTag":"ABC","meterStart":0,"timestamp":"yesterday"}""", OcppErrorCode.PropertyConstraintViolation)]
    [TestCase("StartTransaction", """{"connectorId":1,"idTag":"ABC","meterStart":0,"timestamp":"2026-11-24T14:40:00Z","extra":1}""", OcppErrorCode.FormationViolation)]
    [TestCase("StatusNotification", """{"connectorId":1,"errorCode":"NoError","status":"Sleeping"}""", OcppErrorCode.PropertyConstraintViolation)]
    [TestCase("MeterValues", """{"connectorId":1,"meterValue":[{"timestamp":"2026-11-24T14:40:00Z"}]}""", OcppErrorCode.OccurenceConstraintViolation)]
    [TestCase("MeterValues", """{"connectorId":1,"meterValue":[{"timestamp":"2026-11-24T14:40:00Z","sampledValue":[{"value":12}]}]}""", OcppErrorCode.TypeConstraintViolation)]
    [TestCase("MeterValues", """{"connectorId":1,"meterValue":[{"timestamp":"2026-11-24T14:40:00Z","sampledValue":[{"value":"1","unit":"Furlong"}]}]}""", OcppErrorCode.PropertyConstraintViolation)]
    public void ValidateRequest_InvalidPayload_MapsToOcppJErrorCode(string action, string json, string expectedCode) =>
        Assert.That(Schemas.Validator.ValidateRequest(action, Parse(json))?.ErrorCode, Is.EqualTo(expectedCode));

    [TestCase("Celcius")]
    [TestCase("Celsius")]
    public void ValidateRequest_BothTemperatureSpellings_AreAccepted(string unit) =>
        Assert.That(Schemas.Validator.ValidateRequest("MeterValues", Parse(
            $$"""{"connectorId":1,"meterValue":[{"timestamp":"2026-11-24T14:40:00Z","sampledValue":[{"value":"21","measurand":"Temperature","unit":"{{unit}}"}]}]}""")), Is.Null);

    [TestCase("Authorize", true)]
    [TestCase("RemoteStartTransaction", true)]
    [TestCase("AuthorizeResponse", false)]
    [TestCase("MakeCoffee", false)]
    public void IsKnownAction_NamesOcpp16Actions(string action, bool known) =>
        Assert.That(Schemas.Validator.IsKnownAction(action), Is.EqualTo(known));
}
