using System.Text;
using System.Text.RegularExpressions;

namespace OcppCentral.Tests.Docs;

/// <summary>One <c>curl</c> command from a fenced code block of a Markdown file, as a request.</summary>
public sealed record CurlExample(
    string File,
    int Line,
    string Method,
    string Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? Body,
    int? ExpectedStatus)
{
    public override string ToString() => $"{File}:{Line} {Method} {Url}";
}

/// <summary>
/// Reads the curl commands out of the fenced code blocks of a Markdown file. Only what the docs use is understood
/// (-H, -X, -d, -o and a few output flags); anything else is an error, so an example never runs differently from how
/// it reads. A trailing shell comment that starts with a status code (<c># 400</c>) names the answer to expect.
/// </summary>
public static partial class CurlExamples
{
    public static IReadOnlyList<CurlExample> Parse(string file, string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var examples = new List<CurlExample>();
        var inFence = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }
            if (!inFence || !lines[i].TrimStart().StartsWith("curl ", StringComparison.Ordinal))
                continue;

            var start = i;
            var command = new StringBuilder(lines[i]);
            // A command goes on while a line ends with a backslash or a quoted argument is still open.
            while (NeedsMore(command.ToString()))
            {
                if (++i >= lines.Length || lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
                    throw new FormatException($"{file}:{start + 1}: the curl command does not end inside its code block.");
                command.Append('\n').Append(lines[i]);
            }
            examples.Add(ToExample(file, start + 1, Tokenize(command.ToString(), out var comment), comment));
        }
        return examples;
    }

    private static bool NeedsMore(string command)
    {
        var inQuote = false;
        foreach (var c in command)
            if (c == '\'')
                inQuote = !inQuote;
        return inQuote || command.EndsWith('\\');
    }

    /// <summary>Splits a command as a POSIX shell would for the forms the docs use: single quotes, backslash-newline, a comment.</summary>
    public static List<string> Tokenize(string command, out string? comment)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var inToken = false;
        comment = null;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (c == '\'')
            {
                var end = command.IndexOf('\'', i + 1);
                current.Append(command, i + 1, end - i - 1);
                inToken = true;
                i = end;
            }
            else if (c == '\\' && i + 1 < command.Length && command[i + 1] == '\n')
            {
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inToken)
                    tokens.Add(current.ToString());
                current.Clear();
                inToken = false;
            }
            else if (c == '#' && !inToken)
            {
                var end = command.IndexOf('\n', i);
                comment = (end < 0 ? command[(i + 1)..] : command[(i + 1)..end]).Trim();
                i = end < 0 ? command.Length : end - 1;
            }
            else if (c == '"')
            {
                throw new FormatException($"double quotes are not supported in doc examples: {command}");
            }
            else
            {
                current.Append(c);
                inToken = true;
            }
        }
        if (inToken)
            tokens.Add(current.ToString());
        return tokens;
    }

    private static CurlExample ToExample(string file, int line, List<string> tokens, string? comment)
    {
        string? method = null, url = null, body = null;
        var headers = new List<KeyValuePair<string, string>>();
        for (var i = 1; i < tokens.Count; i++)
        {
            var token = tokens[i];
            string Value() => ++i < tokens.Count ? tokens[i] : throw new FormatException($"{file}:{line}: {token} needs a value.");
            switch (token)
            {
                case "-H" or "--header":
                    var header = Value();
                    var colon = header.IndexOf(':');
                    headers.Add(new(header[..colon].Trim(), header[(colon + 1)..].Trim()));
                    break;
                case "-X" or "--request":
                    method = Value();
                    break;
                case "-d" or "--data" or "--data-raw":
                    body = Value();
                    break;
                case "-o" or "--output":
                    Value();
                    break;
                case "-s" or "--silent" or "-i" or "--include" or "-f" or "--fail":
                    break;
                default:
                    if (token.StartsWith('-'))
                        throw new FormatException($"{file}:{line}: curl option {token} is not understood by the docs test.");
                    url = url is null ? token : throw new FormatException($"{file}:{line}: two URLs ({url}, {token}).");
                    break;
            }
        }
        if (url is null)
            throw new FormatException($"{file}:{line}: no URL.");
        var status = comment is null ? null : StatusComment().Match(comment) is { Success: true } m ? int.Parse(m.Groups[1].Value) : (int?)null;
        // curl sends POST when given data and no method, as the docs' reader would expect.
        return new CurlExample(file, line, method ?? (body is null ? "GET" : "POST"), url, headers, body, status);
    }

    [GeneratedRegex(@"^(\d{3})\b")]
    private static partial Regex StatusComment();
}
