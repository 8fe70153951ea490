using System.Globalization;
using Newtonsoft.Json;

namespace OcppCentral.Protocol;

/// <summary>
/// Reads any ISO-8601 timestamp a charger sends (with offset, with Z, with or without fractions) and
/// writes UTC with milliseconds and a 'Z', the form OCPP 1.6 recommends.
/// </summary>
public sealed class UtcTimestampConverter : JsonConverter
{
    public override bool CanConvert(Type objectType) =>
        objectType == typeof(DateTimeOffset) || objectType == typeof(DateTimeOffset?);

    public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer)
    {
        switch (reader.TokenType)
        {
            case JsonToken.Null when objectType == typeof(DateTimeOffset?):
                return null;
            case JsonToken.String when Parse((string)reader.Value!) is { } parsed:
                return parsed;
            case JsonToken.Date when reader.Value is DateTimeOffset dto:
                return dto.ToUniversalTime();
            case JsonToken.Date when reader.Value is DateTime dt:
                return new DateTimeOffset(DateTime.SpecifyKind(dt, dt.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : dt.Kind)).ToUniversalTime();
            default:
                throw new JsonSerializationException($"'{reader.Value}' at {reader.Path} is not an ISO-8601 timestamp.");
        }
    }

    public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
    {
        if (value is DateTimeOffset timestamp)
            writer.WriteValue(Format(timestamp));
        else
            writer.WriteNull();
    }

    public static string Format(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A timestamp without an offset is taken as UTC, which is what chargers that omit it mean.</summary>
    public static DateTimeOffset? Parse(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;
}
