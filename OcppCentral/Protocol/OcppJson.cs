using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Serialization;

namespace OcppCentral.Protocol;

/// <summary>The Newtonsoft.Json settings of the OCPP wire format: camelCase, enums as their names, no nulls.</summary>
public static class OcppJson
{
    public static readonly JsonSerializerSettings Settings = new()
    {
        ContractResolver = new CamelCasePropertyNamesContractResolver(),
        NullValueHandling = NullValueHandling.Ignore,
        Converters = { new StringEnumConverter(), new UtcTimestampConverter() },
        // Keep timestamps as the strings the charger sent until a message record asks for a DateTimeOffset;
        // the schema check sees the original text.
        DateParseHandling = DateParseHandling.None,
        FloatParseHandling = FloatParseHandling.Decimal,
        MaxDepth = 32,
    };

    public static readonly JsonSerializer Serializer = JsonSerializer.Create(Settings);
}
