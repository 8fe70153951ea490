using System.Collections.Frozen;
using System.Globalization;
using Newtonsoft.Json.Linq;

namespace OcppCentral.Protocol;

/// <summary>
/// One OCPP 1.6 JSON schema compiled into a check that answers a single question without allocating: is this
/// payload certainly valid? It knows the part of JSON Schema draft-04 that the official 1.6 schemas use (type,
/// properties, additionalProperties, required, enum, maxLength, format, items, minItems, multipleOf, $ref to
/// #/definitions, and annotations) and refuses to compile a schema with any other keyword, so no constraint is ever skipped.
/// </summary>
/// <remarks>
/// <see cref="SchemaValidator"/> runs this first and calls the full validator only when it says no, to find what
/// is wrong and which CALLERROR code that is. The check therefore only has to be sound: it may reject a valid
/// payload (that costs one full validation), never accept an invalid one. Where exactness would be costly, it
/// is stricter: integers must be JSON integers, date-times must be RFC 3339 with an upper-case T and Z, and a
/// "uri" string always goes to the full validator.
/// </remarks>
public sealed class CompiledSchema
{
    [Flags]
    private enum JsonTypes
    {
        None = 0,
        Object = 1,
        Array = 2,
        String = 4,
        Integer = 8,
        Number = 16,
        Boolean = 32,
        Null = 64,
        Any = Object | Array | String | Integer | Number | Boolean | Null,
    }

    private enum StringFormat { None, DateTime, Uri }

    private static readonly FrozenSet<string> Annotations = FrozenSet.Create(StringComparer.Ordinal, "$schema", "id", "$id", "title", "description", "javaType");

    private JsonTypes _types = JsonTypes.Any;
    private FrozenDictionary<string, CompiledSchema>? _properties;
    private bool _additionalProperties = true;
    private string[] _required = [];
    private FrozenSet<string>? _enum;
    private int? _maxLength;
    private StringFormat _format;
    private CompiledSchema? _items;
    private int _minItems;
    private decimal? _multipleOf;

    private CompiledSchema()
    {
    }

    /// <summary>Compiles a schema document.</summary>
    /// <exception cref="NotSupportedException">The schema uses a keyword or a form of one that this check does not know.</exception>
    public static CompiledSchema Compile(JObject document) => Compile(document, document, new Dictionary<string, CompiledSchema?>(StringComparer.Ordinal));

    /// <summary>True only when <paramref name="token"/> satisfies the schema.</summary>
    public bool Accepts(JToken token)
    {
        if (!HasAllowedType(token))
            return false;
        return token.Type switch
        {
            JTokenType.Object => AcceptsObject((JObject)token),
            JTokenType.Array => AcceptsArray((JArray)token),
            JTokenType.String => AcceptsString((string)((JValue)token).Value!),
            JTokenType.Integer or JTokenType.Float => AcceptsNumber(((JValue)token).Value),
            _ => true,
        };
    }

    private bool HasAllowedType(JToken token) => token.Type switch
    {
        JTokenType.Object => (_types & JsonTypes.Object) != 0,
        JTokenType.Array => (_types & JsonTypes.Array) != 0,
        JTokenType.String => (_types & JsonTypes.String) != 0,
        JTokenType.Integer => (_types & (JsonTypes.Integer | JsonTypes.Number)) != 0,
        JTokenType.Float => (_types & JsonTypes.Number) != 0,
        JTokenType.Boolean => (_types & JsonTypes.Boolean) != 0,
        JTokenType.Null => (_types & JsonTypes.Null) != 0,
        // Dates, GUIDs and the like never come out of the frame reader (it reads dates as strings); be safe anyway.
        _ => false,
    };

    private bool AcceptsObject(JObject value)
    {
        foreach (var name in _required)
        {
            if (!value.ContainsKey(name))
                return false;
        }
        // First/Next and indexing rather than enumerators: the check allocates nothing.
        for (var property = (JProperty?)value.First; property is not null; property = (JProperty?)property.Next)
        {
            if (_properties is not null && _properties.TryGetValue(property.Name, out var schema))
            {
                if (!schema.Accepts(property.Value))
                    return false;
            }
            else if (!_additionalProperties)
            {
                return false;
            }
        }
        return true;
    }

    private bool AcceptsArray(JArray value)
    {
        if (value.Count < _minItems)
            return false;
        if (_items is null)
            return true;
        for (var i = 0; i < value.Count; i++)
        {
            if (!_items.Accepts(value[i]))
                return false;
        }
        return true;
    }

    private bool AcceptsString(string value)
    {
        // maxLength counts characters; a string of at most that many UTF-16 units has at most that many characters.
        if (value.Length > _maxLength)
            return false;
        if (_enum is not null && !_enum.Contains(value))
            return false;
        return _format switch
        {
            StringFormat.DateTime => Rfc3339.IsDateTime(value),
            StringFormat.Uri => false,
            _ => true,
        };
    }

    private bool AcceptsNumber(object? value)
    {
        if (_multipleOf is not { } step)
            return true;
        // A number beyond decimal's range (or a double) is left to the full validator.
        decimal number;
        switch (value)
        {
            case long whole:
                number = whole;
                break;
            case decimal exact:
                number = exact;
                break;
            default:
                return false;
        }
        return number % step == 0;
    }

    private static CompiledSchema Compile(JObject node, JObject root, Dictionary<string, CompiledSchema?> definitions)
    {
        if (node.TryGetValue("$ref", out var reference))
        {
            if (node.Count != 1)
                throw new NotSupportedException("A $ref beside other keywords is not supported.");
            return Resolve(Text(reference, "$ref"), root, definitions);
        }

        var schema = new CompiledSchema();
        foreach (var keyword in node.Properties())
        {
            var value = keyword.Value;
            switch (keyword.Name)
            {
                case "type":
                    schema._types = value is JArray names ? names.Aggregate(JsonTypes.None, (all, name) => all | TypeNamed(Text(name, "type"))) : TypeNamed(Text(value, "type"));
                    break;
                case "properties":
                    schema._properties = Object(value, "properties").Properties()
                        .ToFrozenDictionary(p => p.Name, p => Compile(Object(p.Value, p.Name), root, definitions), StringComparer.Ordinal);
                    break;
                case "additionalProperties":
                    schema._additionalProperties = value.Type == JTokenType.Boolean
                        ? value.Value<bool>()
                        : throw new NotSupportedException("additionalProperties as a schema is not supported.");
                    break;
                case "required":
                    schema._required = Array(value, "required").Select(name => Text(name, "required")).ToArray();
                    break;
                case "enum":
                    schema._enum = Array(value, "enum").Select(option => Text(option, "enum")).ToFrozenSet(StringComparer.Ordinal);
                    break;
                case "maxLength":
                    schema._maxLength = Count(value, "maxLength");
                    break;
                case "minItems":
                    schema._minItems = Count(value, "minItems");
                    break;
                case "format":
                    schema._format = Text(value, "format") switch
                    {
                        "date-time" => StringFormat.DateTime,
                        "uri" => StringFormat.Uri,
                        var other => throw new NotSupportedException($"format '{other}' is not supported."),
                    };
                    break;
                case "items":
                    schema._items = Compile(Object(value, "items"), root, definitions);
                    break;
                case "multipleOf":
                    schema._multipleOf = value.Type is JTokenType.Integer or JTokenType.Float && value.Value<decimal>() > 0
                        ? value.Value<decimal>()
                        : throw new NotSupportedException("multipleOf must be a positive number.");
                    break;
                case "additionalItems" when value.Type == JTokenType.Boolean:
                    // Applies only to an "items" array of schemas, which is refused above; with one "items" schema it says nothing.
                    break;
                case "definitions":
                    // Compiled where a $ref names them.
                    Object(value, "definitions");
                    break;
                case var annotation when Annotations.Contains(annotation):
                    break;
                default:
                    throw new NotSupportedException($"The keyword '{keyword.Name}' is not supported.");
            }
        }
        // An enum of strings on a node that may hold a non-string would accept that non-string unchecked.
        if (schema._enum is not null && schema._types != JsonTypes.String)
            throw new NotSupportedException("enum is supported on string schemas only.");
        return schema;
    }

    private static CompiledSchema Resolve(string reference, JObject root, Dictionary<string, CompiledSchema?> definitions)
    {
        const string prefix = "#/definitions/";
        if (!reference.StartsWith(prefix, StringComparison.Ordinal))
            throw new NotSupportedException($"$ref '{reference}' is not supported; only {prefix}Name is.");
        if (definitions.TryGetValue(reference, out var compiled))
        {
            // The 1.6 schemas have no recursive definitions; a definition that reaches itself is refused, not looped on.
            return compiled ?? throw new NotSupportedException($"$ref '{reference}' refers to itself; recursive schemas are not supported.");
        }
        var name = reference[prefix.Length..];
        if (root["definitions"]?[name] is not JObject definition)
            throw new NotSupportedException($"$ref '{reference}' names no definition.");
        definitions[reference] = null; // being compiled
        compiled = Compile(definition, root, definitions);
        definitions[reference] = compiled;
        return compiled;
    }

    private static JsonTypes TypeNamed(string name) => name switch
    {
        "object" => JsonTypes.Object,
        "array" => JsonTypes.Array,
        "string" => JsonTypes.String,
        "integer" => JsonTypes.Integer,
        "number" => JsonTypes.Number | JsonTypes.Integer,
        "boolean" => JsonTypes.Boolean,
        "null" => JsonTypes.Null,
        _ => throw new NotSupportedException($"type '{name}' is not a JSON Schema type."),
    };

    private static string Text(JToken token, string keyword) =>
        token.Type == JTokenType.String ? (string)((JValue)token).Value! : throw new NotSupportedException($"{keyword} must be a string here.");

    private static JObject Object(JToken token, string keyword) =>
        token as JObject ?? throw new NotSupportedException($"{keyword} must be an object here.");

    private static JArray Array(JToken token, string keyword) =>
        token as JArray ?? throw new NotSupportedException($"{keyword} must be an array here.");

    private static int Count(JToken token, string keyword) =>
        token.Type == JTokenType.Integer && token.Value<long>() is >= 0 and <= int.MaxValue
            ? (int)token.Value<long>()
            : throw new NotSupportedException($"{keyword} must be a non-negative integer.");

    /// <summary>RFC 3339 date-times in the strict form: yyyy-MM-ddTHH:mm:ss, an optional fraction of 1–7 digits, then Z or ±hh:mm.</summary>
    internal static class Rfc3339
    {
        public static bool IsDateTime(string text)
        {
            var s = text.AsSpan();
            if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
                return false;
            if (!TwoDigits(s, 5, out var month) || !TwoDigits(s, 8, out var day) || !TwoDigits(s, 11, out var hour)
                || !TwoDigits(s, 14, out var minute) || !TwoDigits(s, 17, out var second)
                || !int.TryParse(s[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
                return false;
            if (year is < 1000 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
                return false;
            var rest = s[19..];
            if (rest[0] == '.')
            {
                var digits = 1;
                while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
                    digits++;
                if (digits is 1 or > 8)
                    return false;
                rest = rest[digits..];
            }
            if (rest is "Z")
                return true;
            return rest.Length == 6 && rest[0] is '+' or '-' && rest[3] == ':'
                && TwoDigits(rest, 1, out var offsetHours) && TwoDigits(rest, 4, out var offsetMinutes)
                && offsetHours <= 14 && offsetMinutes <= 59;
        }

        private static bool TwoDigits(ReadOnlySpan<char> s, int at, out int value)
        {
            value = 0;
            if (!char.IsAsciiDigit(s[at]) || !char.IsAsciiDigit(s[at + 1]))
                return false;
            value = (s[at] - '0') * 10 + (s[at + 1] - '0');
            return true;
        }
    }
}
