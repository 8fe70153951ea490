using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace OcppCentral.Transport;

/// <summary>
/// The head of an HTTP/1.1 request as <see cref="OcppUpgradeMiddleware"/> reads it off a new connection: taken when it is
/// plainly a WebSocket upgrade (RFC 6455 §4.2.1) to <c>/ocpp</c> or <c>/ocpp/{id}</c>, else left to Kestrel. Only what the
/// handshake needs is kept. Whatever is odd (another method or path, a malformed or oversized head, a body, an obsolete
/// line folding, a byte Kestrel would refuse) is not this reader's to judge: Kestrel reads the same bytes and answers as
/// it answers any request, so the refusals of a malformed request are Kestrel's own.
/// </summary>
public sealed class UpgradeRequestHead
{
    public enum Outcome { NeedMore, NotOurs, Ours }

    /// <summary>The percent-decoded id in the path; null for <c>/ocpp</c> and <c>/ocpp/</c>.</summary>
    public string? ChargePointId { get; private init; }

    public required string Key { get; init; }

    public required IReadOnlyList<string> SubProtocols { get; init; }

    /// <summary>The Authorization header; several are joined with commas (and then fail as credentials), as Kestrel joins them.</summary>
    public string? Authorization { get; private init; }

    private static readonly SearchValues<byte> TokenBytes =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <param name="buffer">What the connection has received so far.</param>
    /// <param name="limits">Kestrel's limits: a head beyond them is left to Kestrel, which refuses it (414, 431).</param>
    /// <param name="head">The head when <see cref="Outcome.Ours"/>.</param>
    /// <param name="end">Where the head ends, when <see cref="Outcome.Ours"/>: bytes after it belong to the WebSocket.</param>
    public static Outcome TryRead(ReadOnlySequence<byte> buffer, KestrelServerLimits limits, out UpgradeRequestHead? head, out SequencePosition end)
    {
        head = null;
        end = buffer.Start;
        var most = limits.MaxRequestLineSize + limits.MaxRequestHeadersTotalSize + 4;
        var bytes = buffer.IsSingleSegment ? buffer.FirstSpan : buffer.Slice(0, Math.Min(buffer.Length, most)).ToArray();
        if (bytes.Length < 4)
            return "GET "u8.StartsWith(bytes) ? Outcome.NeedMore : Outcome.NotOurs;
        if (!bytes.StartsWith("GET "u8))
            return Outcome.NotOurs;
        var lineEnd = bytes.IndexOf("\r\n"u8);
        if (lineEnd < 0)
            return bytes.Length > limits.MaxRequestLineSize ? Outcome.NotOurs : Outcome.NeedMore;
        if (lineEnd + 2 > limits.MaxRequestLineSize || !TryReadTarget(bytes[4..lineEnd], out var id))
            return Outcome.NotOurs;
        var headEnd = bytes.IndexOf("\r\n\r\n"u8);
        if (headEnd < 0)
            return bytes.Length > most ? Outcome.NotOurs : Outcome.NeedMore;
        var fields = headEnd + 2 - (lineEnd + 2);
        if (fields > limits.MaxRequestHeadersTotalSize)
            return Outcome.NotOurs;
        head = TryReadFields(bytes[(lineEnd + 2)..(headEnd + 2)], limits.MaxRequestHeaderCount, id);
        if (head is null)
            return Outcome.NotOurs;
        end = buffer.GetPosition(headEnd + 4);
        return Outcome.Ours;
    }

    /// <summary>The request line after "GET ": <c>/ocpp</c> or <c>/ocpp/{one segment}</c>, an optional query, and HTTP/1.1.</summary>
    private static bool TryReadTarget(ReadOnlySpan<byte> rest, out string? id)
    {
        id = null;
        var space = rest.IndexOf((byte)' ');
        if (space < 0 || !rest[(space + 1)..].SequenceEqual("HTTP/1.1"u8))
            return false;
        var target = rest[..space];
        foreach (var b in target)
        {
            if (b is < 0x21 or > 0x7E or (byte)'#')
                return false;
        }
        var question = target.IndexOf((byte)'?');
        var path = question < 0 ? target : target[..question];
        if (path.Length < 5 || !Ascii.EqualsIgnoreCase(path[..5], "/ocpp"u8))
            return false;
        if (path.Length == 5)
            return true;
        if (path[5] != (byte)'/')
            return false;
        var segment = path[6..];
        if (segment.Contains((byte)'/'))
            return false;
        if (!TryPercentDecode(segment, out var decoded) || decoded is "." or "..")
            return false;
        id = decoded.Length == 0 ? null : decoded;
        return true;
    }

    private static bool TryPercentDecode(ReadOnlySpan<byte> segment, out string decoded)
    {
        decoded = "";
        var bytes = new byte[segment.Length];
        var length = 0;
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] != (byte)'%')
            {
                bytes[length++] = segment[i];
                continue;
            }
            if (i + 2 >= segment.Length || !byte.TryParse(segment.Slice(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var value))
                return false;
            bytes[length++] = value;
            i += 2;
        }
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The header fields, each line ending in CRLF; null unless they make a plain WebSocket upgrade.</summary>
    private static UpgradeRequestHead? TryReadFields(ReadOnlySpan<byte> fields, int maxCount, string? id)
    {
        int hosts = 0, count = 0;
        string? version = null, key = null, authorization = null;
        bool connectionUpgrade = false, upgradeWebSocket = false;
        var subProtocols = new List<string>();
        while (!fields.IsEmpty)
        {
            var lineEnd = fields.IndexOf("\r\n"u8);
            var line = fields[..lineEnd];
            fields = fields[(lineEnd + 2)..];
            if (++count > maxCount)
                return null;
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[..colon].ContainsAnyExcept(TokenBytes))
                return null;
            var raw = line[(colon + 1)..].Trim(" \t"u8);
            foreach (var b in raw)
            {
                if (b is not ((>= 0x20 and <= 0x7E) or (byte)'\t'))
                    return null;
            }
            var name = line[..colon];
            var value = Encoding.ASCII.GetString(raw);
            if (Ascii.EqualsIgnoreCase(name, "Host"u8))
                hosts++;
            else if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8) && value != "0" || Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
                return null;
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
                connectionUpgrade |= Tokens(value).Contains("upgrade", StringComparer.OrdinalIgnoreCase);
            else if (Ascii.EqualsIgnoreCase(name, "Upgrade"u8))
                upgradeWebSocket |= Tokens(value).Contains("websocket", StringComparer.OrdinalIgnoreCase);
            else if (Ascii.EqualsIgnoreCase(name, "Sec-WebSocket-Version"u8))
                version = version is null ? value : version + "," + value;
            else if (Ascii.EqualsIgnoreCase(name, "Sec-WebSocket-Key"u8))
                key = key is null ? value : key + "," + value;
            else if (Ascii.EqualsIgnoreCase(name, "Sec-WebSocket-Protocol"u8))
                subProtocols.AddRange(Tokens(value));
            else if (Ascii.EqualsIgnoreCase(name, "Authorization"u8))
                authorization = authorization is null ? value : authorization + "," + value;
        }
        var isUpgrade = hosts == 1 && connectionUpgrade && upgradeWebSocket && version == "13" && key is not null && IsKey(key);
        return isUpgrade ? new UpgradeRequestHead { ChargePointId = id, Key = key!, SubProtocols = subProtocols, Authorization = authorization } : null;
    }

    private static IEnumerable<string> Tokens(string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>RFC 6455 §4.2.1: the key is 16 random bytes in base64.</summary>
    private static bool IsKey(string key)
    {
        Span<byte> decoded = stackalloc byte[18];
        return Convert.TryFromBase64String(key, decoded, out var length) && length == 16;
    }
}
