using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OcppCentral.Admin;

/// <summary>
/// Writes every timestamp as ISO-8601 UTC with a 'Z' (docs/admin-api.md); reads any ISO-8601 form, and anything else
/// (not a string, not a timestamp, out of range) is a <see cref="JsonException"/>, so a body reader names the field.
/// </summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException("An ISO-8601 timestamp is a string.");
        return IsoTimestamp.TryParse(reader.GetString(), out var value) ? value : throw new JsonException("Not an ISO-8601 timestamp.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}
