using System.Buffers;
using System.Text;
using System.Text.Json;

namespace OcppCentral.Protocol;

/// <summary>
/// The strict check a frame's text passes before Newtonsoft.Json reads it. Newtonsoft is lenient where OCPP-J is not
/// (OCPP-J 1.6 §4.1 asks for JSON, RFC 8259): it takes single quotes, bare property names, trailing commas, comments,
/// raw control characters in strings, hexadecimal and octal numbers. System.Text.Json's reader allows none of them, and
/// it only tokenizes: it builds nothing and allocates nothing, so the one parse that builds the payload stays the only
/// full parse on the hot path. The same pass finds numbers that cannot be represented (docs/ocpp-endpoint.md, Numbers)
/// and remembers the message type and id it passed, so a refusal can name the message it refuses.
/// </summary>
internal static class StrictJson
{
    /// <summary>An integer may have this many digits (a transactionId beyond 64 bits is still answered, as an orphan).</summary>
    public const int MaxIntegerDigits = 100;

    // A number of this many characters or fewer, without an exponent, has at most 28 digits: below 10^28, within decimal.
    private const int AlwaysInRangeLength = 28;

    /// <returns>What is wrong with the text, or null when it is strict JSON whose every number can be represented.</returns>
    public static StrictJsonProblem? Check(string text)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            return Check(buffer.AsSpan(0, Encoding.UTF8.GetBytes(text, buffer)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static StrictJsonProblem? Check(ReadOnlySpan<byte> utf8)
    {
        var maxDepth = OcppJson.Settings.MaxDepth ?? 64;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth });
        var head = new FrameHead();
        var element = -1;
        var previous = JsonTokenType.None;
        Range lastName = default;
        try
        {
            while (reader.Read())
            {
                // The elements of the message array: [type, id, …]. Only their position is tracked, not their content.
                if (reader.CurrentDepth == 1 && reader.TokenType is not (JsonTokenType.EndArray or JsonTokenType.EndObject) && head.IsArray)
                    head.Take(ref reader, ++element);
                else if (reader.CurrentDepth == 0 && reader.TokenType == JsonTokenType.StartArray)
                    head.IsArray = true;

                if (reader.TokenType == JsonTokenType.PropertyName)
                    lastName = new Range((int)reader.TokenStartIndex + 1, (int)reader.TokenStartIndex + 1 + reader.ValueSpan.Length);
                else if (reader.TokenType == JsonTokenType.Number && !InRange(ref reader))
                {
                    var name = previous == JsonTokenType.PropertyName ? Encoding.UTF8.GetString(utf8[lastName]) : null;
                    return new StrictJsonProblem(StrictJsonProblem.Kind.NumberOutOfRange, NumberProblem(reader.ValueSpan, name),
                        head.TypeId, head.MessageId(utf8));
                }
                previous = reader.TokenType;
            }
        }
        catch (JsonException ex)
        {
            return new StrictJsonProblem(StrictJsonProblem.Kind.NotStrict, $"Not strict JSON (RFC 8259), or nested deeper than {maxDepth}: {ex.Message}",
                head.TypeId, head.MessageId(utf8));
        }
        return null;
    }

    /// <summary>Whether Newtonsoft.Json can hold the number: an integer of up to <see cref="MaxIntegerDigits"/> digits, any other number within decimal.</summary>
    private static bool InRange(ref Utf8JsonReader reader)
    {
        var literal = reader.ValueSpan;
        var exponent = literal.IndexOfAny((byte)'e', (byte)'E') >= 0;
        if (literal.Length <= AlwaysInRangeLength && !exponent)
            return true;
        if (!exponent && !literal.Contains((byte)'.'))
            return literal.Length - (literal[0] == (byte)'-' ? 1 : 0) <= MaxIntegerDigits;
        return reader.TryGetDecimal(out _);
    }

    private static string NumberProblem(ReadOnlySpan<byte> literal, string? name)
    {
        var shown = literal.Length <= 40 ? Encoding.UTF8.GetString(literal) : Encoding.UTF8.GetString(literal[..20]) + $"… ({literal.Length} characters)";
        var where = name is null ? "" : $"'{name}': ";
        return $"{where}the number {shown} is out of range: integers may have up to {MaxIntegerDigits} digits, other numbers must lie within ±7.9E+28.";
    }

    /// <summary>The message type and the position of the message id, as far as the reader got.</summary>
    private ref struct FrameHead
    {
        public bool IsArray;
        public long? TypeId;
        private int _idStart;
        private int _idLength;

        public void Take(ref Utf8JsonReader reader, int element)
        {
            if (element == 0 && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var type))
                TypeId = type;
            else if (element == 1 && reader.TokenType == JsonTokenType.String)
            {
                // The token with its quotes; unescaped only when a refusal needs it.
                _idStart = (int)reader.TokenStartIndex;
                _idLength = reader.ValueSpan.Length + 2;
            }
        }

        public readonly string? MessageId(ReadOnlySpan<byte> utf8)
        {
            if (_idLength == 0)
                return null;
            var token = new Utf8JsonReader(utf8.Slice(_idStart, _idLength));
            return token.Read() ? token.GetString() : null;
        }
    }
}
