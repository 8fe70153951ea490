namespace ChargeMonitor.Simulator.Cli;

/// <summary>
/// Reads <c>--name value</c>, <c>--name=value</c> and flags; <c>-h</c> is <c>--help</c>. Unknown options, missing
/// values and options that make no sense together are a <see cref="CommandLineException"/>.
/// </summary>
public static class CommandLineParser
{
    private static readonly string[] NormalModeOnly = ["--cost-display", "--display-language", "--sessions", "--session-seconds", "--meter-interval", "--idle-seconds",
        "--charger-kind", "--scenario", "--feedback", "--admin-key"];

    private static readonly string[] LoadModeOnly = ["--seconds", "--warmup", "--rate", "--connect-concurrency"];

    public static CommandLineOptions Parse(IReadOnlyList<string> args)
    {
        var options = new CommandLineOptions();
        var given = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i] == "-h" ? "--help" : args[i];
            var (name, inlineValue) = arg.IndexOf('=') is > 0 and var eq ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
            var spec = OptionTable.All.FirstOrDefault(o => o.Name == name)
                ?? throw new CommandLineException($"Unknown option '{name}'. See --help.");
            if (!given.Add(spec.Name))
                throw new CommandLineException($"{spec.Name} is given twice.");
            string value;
            if (spec.Value is null)
            {
                if (inlineValue is not null)
                    throw new CommandLineException($"{spec.Name} takes no value.");
                value = "";
            }
            else if (inlineValue is not null)
            {
                value = inlineValue;
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                throw new CommandLineException($"{spec.Name} needs a value ({spec.Value}).");
            }
            options = spec.Apply(options, value);
        }
        options = options with { Given = given };
        return options.Help ? options : CheckCombinations(options);
    }

    private static CommandLineOptions CheckCombinations(CommandLineOptions options)
    {
        var wrongMode = (options.Load ? NormalModeOnly : LoadModeOnly).Where(options.Given.Contains).ToList();
        if (wrongMode.Count > 0)
            throw new CommandLineException($"{string.Join(", ", wrongMode)} cannot be used {(options.Load ? "with" : "without")} --load.");
        if (options.AdminKey is not null && !options.Feedback)
            throw new CommandLineException("--admin-key is used with --feedback.");
        if ((options.ClientKey ?? options.ClientCertificatePassword) is not null && options.ClientCertificate is null)
            throw new CommandLineException("--client-key and --client-certificate-password are used with --client-certificate.");
        if ((options.Ca ?? options.ClientCertificate) is not null && options.Url.Scheme != "wss")
            throw new CommandLineException("--ca and --client-certificate are used with a wss:// --url.");
        return options;
    }
}
