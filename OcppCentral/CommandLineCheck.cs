using System.Reflection;
using OcppCentral.Transport;

namespace OcppCentral;

/// <summary>
/// Refuses a command line naming an option the server does not read, so that a misspelled <c>--admin-kye secret</c>
/// stops the start instead of leaving a server meant to be protected by a key without one. The arguments are read as
/// the configuration's command-line provider reads them: <c>--key value</c>, <c>--key=value</c>, <c>/key value</c>,
/// <c>key=value</c>, and <c>-k</c> only through a switch mapping.
/// </summary>
public static class CommandLineCheck
{
    /// <summary>Host settings ASP.NET Core reads from the command line (besides <c>--urls</c>, rarely given).</summary>
    private static readonly string[] HostKeys =
    [
        "urls", "environment", "contentRoot", "applicationName", "webroot", "http_ports", "https_ports", "AllowedHosts",
        "hostingStartupAssemblies", "hostingStartupExcludeAssemblies", "preventHostingStartup", "detailedErrors",
        "captureStartupErrors", "shutdownTimeoutSeconds", "suppressStatusMessages", "startupAssembly",
    ];

    /// <summary>The section whose keys are checked one by one; other sections (Logging, Kestrel, …) take keys of their own.</summary>
    private const string OcppSection = "Ocpp";

    /// <returns>Why the arguments cannot start the server, in one line, or null when every option is known.</returns>
    public static string? Problem(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var prefixed = arg.StartsWith('-') || arg.StartsWith('/');
            var separator = arg.IndexOf('=');
            if (!prefixed && separator < 0)
                return $"unexpected argument '{arg}'; options are written --name value";
            var name = separator < 0 ? arg : arg[..separator];
            if (!IsKnown(name))
                return Unknown(name);
            // "--name value": the next argument is the value, whatever it looks like (as the provider reads it).
            if (prefixed && separator < 0)
                i++;
        }
        return null;
    }

    private static bool IsKnown(string option)
    {
        if (option.StartsWith('/'))
            option = "--" + option[1..];
        if (ChargeMonitorOptions.SwitchMappings.Keys.Contains(option, StringComparer.OrdinalIgnoreCase))
            return true;
        if (option.StartsWith("--", StringComparison.Ordinal))
            return IsKnownKey(option[2..]);
        return !option.StartsWith('-') && IsKnownKey(option); // A single dash works only through a switch mapping.
    }

    private static bool IsKnownKey(string key)
    {
        var colon = key.IndexOf(':');
        if (colon < 0)
            return HostKeys.Contains(key, StringComparer.OrdinalIgnoreCase) || PropertyNames<ChargeMonitorOptions>().Contains(key, StringComparer.OrdinalIgnoreCase);
        return colon > 0 && (!key[..colon].Equals(OcppSection, StringComparison.OrdinalIgnoreCase)
                             || PropertyNames<OcppTransportOptions>().Contains(key[(colon + 1)..], StringComparer.OrdinalIgnoreCase));
    }

    private static string Unknown(string option)
    {
        var spelled = option.ToLowerInvariant();
        var (closest, distance) = ChargeMonitorOptions.SwitchMappings.Keys
            .Concat(PropertyNames<OcppTransportOptions>().Select(key => $"--{OcppSection}:{key}"))
            .Append("--urls")
            .Select(known => (Known: known, Distance: Distance(spelled, known.ToLowerInvariant())))
            .MinBy(candidate => candidate.Distance);
        if (distance <= Math.Max(2, closest.Length / 4))
            return $"unknown option {option}; did you mean {closest}?";
        return $"unknown option {option}; the options are {string.Join(", ", ChargeMonitorOptions.SwitchMappings.Keys)}, --urls, " +
               $"and settings as --Section:Key (--{OcppSection}:MaxMessageBytes, --Logging:LogLevel:Default)";
    }

    private static IEnumerable<string> PropertyNames<T>() =>
        typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name);

    /// <summary>Levenshtein distance: edits (insert, delete, replace) from one spelling to the other.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
