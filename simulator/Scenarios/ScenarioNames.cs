namespace ChargeMonitor.Simulator.Scenarios;

/// <summary>The command-line names of <see cref="Scenario"/>s: <c>offline</c>, <c>meter-kwh</c>, <c>clock-skew</c> …</summary>
public static class ScenarioNames
{
    private static readonly (string Name, Scenario Scenario)[] Names =
    [
        ("offline", Scenario.Offline),
        ("reboot", Scenario.Reboot),
        ("meter-kwh", Scenario.MeterKwh),
        ("meter-reset", Scenario.MeterReset),
        ("duplicate", Scenario.Duplicate),
        ("clock-skew", Scenario.ClockSkew),
        ("unknown-transaction", Scenario.UnknownTransaction),
    ];

    public static IEnumerable<string> All => Names.Select(n => n.Name);

    /// <summary>Parses a comma-separated list such as <c>offline,clock-skew</c>; null when a name is unknown.</summary>
    public static Scenario? Parse(string text)
    {
        var result = Scenario.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = Names.FirstOrDefault(n => string.Equals(n.Name, part, StringComparison.OrdinalIgnoreCase));
            if (match.Name is null)
                return null;
            result |= match.Scenario;
        }
        return result;
    }

    public static string Format(Scenario scenarios) => scenarios == Scenario.None
        ? "none"
        : string.Join(",", Names.Where(n => scenarios.HasFlag(n.Scenario)).Select(n => n.Name));
}
