using System.Text.Json;
using System.Text.Json.Nodes;

namespace OcppCentral.Tests.TestSupport;

/// <summary>The admin API's JSON, read the way a client would.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static JsonNode Parse(string text) => JsonNode.Parse(text)!;
}
