namespace ChargeMonitor.Simulator.Cli;

/// <summary>The --help text, built from <see cref="OptionTable"/>.</summary>
public static class HelpText
{
    public static string Build()
    {
        var lines = new List<string>
        {
            "ChargeMonitor charge-point simulator (OCPP 1.6J)",
            "",
            "Usage:",
            "  dotnet run --project simulator -- [options]",
            "  dotnet run --project simulator -- --load --chargers 2000 --seconds 60 [--warmup S] [--rate N]",
            "",
            "Options:",
        };
        var width = OptionTable.All.Max(o => Label(o).Length) + 2;
        lines.AddRange(OptionTable.All.Select(o => "  " + Label(o).PadRight(width) + o.Help));
        lines.Add("");
        lines.Add("Exit code: 0 when the run finished without errors, 1 when errors were counted, 2 for a bad command line.");
        lines.Add("Ctrl-C stops cleanly: open transactions are stopped, queued messages sent, connections closed.");
        return string.Join(Environment.NewLine, lines);
    }

    private static string Label(OptionSpec option) => option.Value is null ? option.Name : $"{option.Name} {option.Value}";
}
