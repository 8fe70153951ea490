using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using OcppCentral.Protocol;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Protocol;

/// <summary>
/// The compiled check must never accept what the full validator (NJsonSchema) rejects, and should accept what it
/// accepts, or the fast path buys nothing. Both are put to a valid instance of every official schema and to
/// hundreds of broken variants of each.
/// </summary>
public class CompiledSchemaTests
{
    private static readonly string[] SchemaFiles = Directory.GetFiles(SchemaValidator.DefaultDirectory, "*.json").Order(StringComparer.Ordinal).ToArray();

    private static IEnumerable<string> SchemaNames => SchemaFiles.Select(Path.GetFileNameWithoutExtension)!;

    [Test]
    public void Load_EveryOfficialSchema_HasACompiledCheck() =>
        Assert.That(Schemas.Validator.CompiledSchemas, Is.EquivalentTo(SchemaNames));

    [TestCaseSource(nameof(SchemaNames))]
    public void Accepts_GeneratedValidInstances_AsTheFullValidatorDoes(string name)
    {
        var (document, compiled, full) = Load(name);
        foreach (var instance in new[] { Instances.Generate(document, document, allProperties: true), Instances.Generate(document, document, allProperties: false) })
        {
            var payload = AsReceived((JObject)instance);
            Assert.That(full.Validate(payload), Is.Empty, $"{name}: the generator made an invalid instance {payload}");
            if (!LeavesUrisToTheFullValidator(document))
                Assert.That(compiled.Accepts(payload), Is.True, $"{name} should accept {payload}");
        }
    }

    [TestCaseSource(nameof(SchemaNames))]
    public void Accepts_BrokenInstances_OnlyWhenTheFullValidatorDoes(string name)
    {
        var (document, compiled, full) = Load(name);
        var valid = Instances.Generate(document, document, allProperties: true);
        var checkedVariants = 0;
        var disagreements = new List<string>();
        var leavesUrisToTheFullValidator = LeavesUrisToTheFullValidator(document);
        foreach (var variant in Instances.Mutations(valid))
        {
            var payload = AsReceived(variant);
            var fast = compiled.Accepts(payload);
            bool fullyValid;
            try
            {
                fullyValid = full.Validate(payload).Count == 0;
            }
            catch (Exception ex) when (ex is OverflowException or InvalidCastException)
            {
                continue; // NJsonSchema cannot compare integers beyond 64 bits (SchemaValidator clamps those).
            }
            checkedVariants++;
            // A "uri" string always goes to the full validator, so for those schemas only soundness can be asked.
            if (fast != fullyValid && (fast || !leavesUrisToTheFullValidator))
                disagreements.Add($"compiled {(fast ? "accepts" : "rejects")} but NJsonSchema {(fullyValid ? "accepts" : "rejects")} {payload.ToString(Formatting.None)}");
        }
        Assert.That(disagreements, Is.Empty);
        Assert.That(checkedVariants, Is.Positive);
    }

    [TestCase("2026-11-24T14:40:00Z", true)]
    [TestCase("2026-11-24T14:40:00.1Z", true)]
    [TestCase("2026-11-24T14:40:00.1234567Z", true)]
    [TestCase("2026-11-24T14:40:00+01:00", true)]
    [TestCase("2026-11-24T14:40:00.123-05:30", true)]
    [TestCase("2024-02-29T23:59:59Z", true)]
    [TestCase("2026-02-29T00:00:00Z", false)]
    [TestCase("2026-13-01T00:00:00Z", false)]
    [TestCase("2026-11-31T00:00:00Z", false)]
    [TestCase("2026-11-24T24:00:00Z", false)]
    [TestCase("2026-11-24T14:60:00Z", false)]
    [TestCase("2026-11-24T14:40:00.Z", false)]
    [TestCase("2026-11-24T14:40:00.12345678Z", false)]
    [TestCase("2026-11-24T14:40:00+1:00", false)]
    [TestCase("2026-11-24T14:40:00+01:60", false)]
    [TestCase("2026-11-24T14:40:00Z ", false)]
    [TestCase(" 2026-11-24T14:40:00Z", false)]
    [TestCase("yesterday", false)]
    [TestCase("", false)]
    // Left to the full validator: valid RFC 3339 but not the strict form, and what NJsonSchema takes though RFC 3339 does not.
    [TestCase("2026-11-24t14:40:00z", false)]
    [TestCase("2026-11-24T14:40:00", false)]
    [TestCase("2026-11-24 14:40", false)]
    public void Rfc3339_IsDateTime_AcceptsOnlyTheStrictForm(string text, bool accepted)
    {
        Assert.That(CompiledSchema.Rfc3339.IsDateTime(text), Is.EqualTo(accepted));
        if (accepted)
        {
            var schema = JsonSchema.FromJsonAsync("""{"type":"string","format":"date-time"}""").GetAwaiter().GetResult();
            Assert.That(schema.Validate(new JValue(text)), Is.Empty, "what the compiled check accepts, NJsonSchema must accept");
        }
    }

    [TestCase("""{"type":"string","pattern":"^A"}""")]
    [TestCase("""{"type":"object","additionalProperties":{"type":"string"}}""")]
    [TestCase("""{"type":"integer","enum":[1,2]}""")]
    [TestCase("""{"type":"string","format":"email"}""")]
    [TestCase("""{"$ref":"http://example.com/other.json"}""")]
    [TestCase("""{"type":"object","properties":{"a":{"$ref":"#/definitions/Missing"}}}""")]
    [TestCase("""{"type":"object","properties":{"a":{"oneOf":[{"type":"string"}]}}}""")]
    [TestCase("""{"type":"object","properties":{"a":{"$ref":"#/definitions/Node"}},"definitions":{"Node":{"type":"object","properties":{"next":{"$ref":"#/definitions/Node"}}}}}""")]
    public void Compile_KeywordItDoesNotKnow_IsRefused(string schema) =>
        Assert.Throws<NotSupportedException>(() => CompiledSchema.Compile(JObject.Parse(schema)));

    [Test]
    public void Accepts_ValidMeterValues_AllocatesNothing()
    {
        var compiled = CompiledSchema.Compile(Document("MeterValues"));
        var payload = AsReceived(JObject.Parse("""
            {"connectorId":1,"transactionId":7,"meterValue":[{"timestamp":"2026-11-24T14:40:00.123Z","sampledValue":[
              {"value":"1234567","context":"Sample.Periodic","format":"Raw","measurand":"Energy.Active.Import.Register","location":"Outlet","unit":"Wh"},
              {"value":"15.9","context":"Sample.Periodic","measurand":"Current.Import","phase":"L1","location":"Outlet","unit":"A"}]}]}
            """));
        Assert.That(compiled.Accepts(payload), Is.True);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
            compiled.Accepts(payload);

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [TestCase("1.5", true)]
    [TestCase("15", true)]
    [TestCase("1.55", false)]
    [TestCase("-0.3", true)]
    public void Accepts_MultipleOf_ComparesExactDecimals(string number, bool accepted) =>
        Assert.That(CompiledSchema.Compile(JObject.Parse("""{"type":"number","multipleOf":0.1}""")).Accepts(Number(number)), Is.EqualTo(accepted));

    [Test]
    public void Accepts_IntegerBeyond64Bits_WhereTheSchemaSetsNoBound()
    {
        var payload = AsReceived(JObject.Parse("""{"connectorId":1,"transactionId":1,"meterValue":[]}"""));
        payload["transactionId"] = JToken.Parse("123456789012345678901234567890");
        Assert.That(CompiledSchema.Compile(Document("MeterValues")).Accepts(payload), Is.True);
    }

    /// <summary>GetDiagnostics and UpdateFirmware, requests this server sends: their "uri" strings always get the full validator.</summary>
    private static bool LeavesUrisToTheFullValidator(JObject document) =>
        document.Descendants().OfType<JProperty>().Any(p => p.Name == "format" && p.Value is JValue { Value: "uri" });

    private static JToken Number(string text)
    {
        using var reader = new JsonTextReader(new StringReader(text)) { FloatParseHandling = FloatParseHandling.Decimal };
        return JToken.ReadFrom(reader);
    }

    private static JObject Document(string name) => JObject.Parse(File.ReadAllText(Path.Combine(SchemaValidator.DefaultDirectory, name + ".json")));

    private static (JObject Document, CompiledSchema Compiled, JsonSchema Full) Load(string name)
    {
        var document = Document(name);
        return (document, CompiledSchema.Compile(document), JsonSchema.FromJsonAsync(document.ToString()).GetAwaiter().GetResult());
    }

    /// <summary>Through the frame reader, so the tokens are what the server validates: dates as strings, decimals for fractions.</summary>
    private static JObject AsReceived(JObject payload) =>
        ((OcppCall)FrameReader.Read($"[2,\"1\",\"X\",{payload.ToString(Formatting.None)}]").Frame!).Payload;

    /// <summary>Instances built from a schema document, and broken variants of one.</summary>
    private static class Instances
    {
        public static JToken Generate(JObject node, JObject root, bool allProperties)
        {
            if (node["$ref"] is { } reference)
                return Generate((JObject)root["definitions"]![reference.Value<string>()!["#/definitions/".Length..]]!, root, allProperties);
            switch (node["type"]?.Value<string>())
            {
                case "object":
                    var required = node["required"]?.Values<string>().ToHashSet() ?? [];
                    var value = new JObject();
                    foreach (var property in (node["properties"] as JObject)?.Properties() ?? [])
                    {
                        if (allProperties || required.Contains(property.Name))
                            value[property.Name] = Generate((JObject)property.Value, root, allProperties);
                    }
                    return value;
                case "array":
                    return new JArray(Generate((JObject)node["items"]!, root, allProperties));
                case "integer":
                    return 1;
                case "number":
                    return 1.5m;
                case "boolean":
                    return true;
                default:
                    if (node["enum"] is JArray options)
                        return options[0];
                    return node["format"]?.Value<string>() switch
                    {
                        "date-time" => "2026-11-24T14:40:00.123Z",
                        "uri" => "ftp://example.com/diagnostics",
                        _ => "abc",
                    };
            }
        }

        /// <summary>Every value replaced by values of other kinds, every property removed, an extra one added, arrays emptied.</summary>
        public static IEnumerable<JObject> Mutations(JToken valid)
        {
            var root = (JObject)valid;
            var paths = root.DescendantsAndSelf().Where(t => t is not JProperty).Select(t => t.Path).ToList();
            foreach (var path in paths)
            {
                foreach (var replacement in Replacements())
                {
                    if (path.Length == 0)
                        continue;
                    var copy = (JObject)root.DeepClone();
                    copy.SelectToken(path)!.Replace(replacement);
                    yield return copy;
                }
                var target = (JObject)root.DeepClone();
                switch (path.Length == 0 ? target : target.SelectToken(path))
                {
                    case JObject obj:
                        foreach (var name in obj.Properties().Select(p => p.Name).ToList())
                        {
                            var without = (JObject)root.DeepClone();
                            ((JObject)(path.Length == 0 ? without : without.SelectToken(path)!)).Remove(name);
                            yield return without;
                        }
                        var extra = (JObject)root.DeepClone();
                        ((JObject)(path.Length == 0 ? extra : extra.SelectToken(path)!))["unexpected"] = 1;
                        yield return extra;
                        break;
                    case JArray array:
                        array.RemoveAll();
                        yield return target;
                        var doubled = (JObject)root.DeepClone();
                        var items = (JArray)doubled.SelectToken(path)!;
                        items.Add(items[0].DeepClone());
                        yield return doubled;
                        break;
                }
            }
        }

        private static IEnumerable<JToken> Replacements() =>
        [
            JValue.CreateNull(), true, 0, -7, 1.5m, 2.25m, 1.0m, "", "abc", "Accepted", "Wh", "NoError",
            // Only date-times both judge alike: NJsonSchema also takes "2026-11-24 14:40", a time without offset and
            // 30 February, which the compiled check leaves to it (see Rfc3339_IsDateTime_AcceptsOnlyTheStrictForm).
            "2026-11-24T14:40:00Z", "2026-11-24T14:40:00.5+01:00", "not a date", "http://example.com/x",
            new string('x', 21), new string('x', 26), new string('x', 51), new string('x', 256), new string('x', 513), new string('x', 1001),
            new JObject(), new JArray(), new JArray(1), JToken.Parse("""{"value":"1"}"""),
        ];
    }
}
