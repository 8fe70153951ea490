using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace OcppCentral.Storage;

/// <summary>
/// What a sampled value measures (measurand, phase, context, location) as one small integer, so the key that makes a
/// meter value idempotent (docs/ocpp-endpoint.md) is a few bytes instead of some fifty bytes of text per row. Decimal digits, from
/// the right: location, context, phase (0 for none), then the measurand; each is the value's position in its OCPP 1.6
/// enumeration (§7.31, §7.35, §7.39, §7.44 of the specification, in the schema's order). The codes are stored, so
/// these lists only ever grow at their end.
/// </summary>
/// <remarks>
/// Every code stands for exactly one combination, so two samples share a key exactly when the four texts are equal,
/// as before. A value outside the enumerations cannot pass the schema check; should one reach storage, the sample
/// has no kind (NULL), is stored all the same and is never taken for a duplicate.
/// </remarks>
public static class SampleKind
{
    private static readonly string[] Measurands =
    [
        "Energy.Active.Export.Register", "Energy.Active.Import.Register", "Energy.Reactive.Export.Register",
        "Energy.Reactive.Import.Register", "Energy.Active.Export.Interval", "Energy.Active.Import.Interval",
        "Energy.Reactive.Export.Interval", "Energy.Reactive.Import.Interval", "Power.Active.Export", "Power.Active.Import",
        "Power.Offered", "Power.Reactive.Export", "Power.Reactive.Import", "Power.Factor", "Current.Import", "Current.Export",
        "Current.Offered", "Voltage", "Frequency", "Temperature", "SoC", "RPM",
    ];

    // Position 0 is "no phase".
    private static readonly string[] Phases = ["", "L1", "L2", "L3", "N", "L1-N", "L2-N", "L3-N", "L1-L2", "L2-L3", "L3-L1"];

    private static readonly string[] Contexts =
        ["Interruption.Begin", "Interruption.End", "Sample.Clock", "Sample.Periodic", "Transaction.Begin", "Transaction.End", "Trigger", "Other"];

    private static readonly string[] Locations = ["Cable", "EV", "Inlet", "Outlet", "Body"];

    private static readonly FrozenDictionary<string, int> MeasurandCodes = Positions(Measurands);
    private static readonly FrozenDictionary<string, int> PhaseCodes = Positions(Phases);
    private static readonly FrozenDictionary<string, int> ContextCodes = Positions(Contexts);
    private static readonly FrozenDictionary<string, int> LocationCodes = Positions(Locations);

    static SampleKind()
    {
        // Each list owns its decimal digits of the code (see Combine); a longer one would make two kinds share a code.
        if (Phases.Length > 100 || Contexts.Length > 10 || Locations.Length > 10)
            throw new InvalidOperationException("A SampleKind list outgrew its digits of the code; widen Combine and add a migration.");
    }

    /// <summary>The code, or null when any of the four is not an OCPP 1.6 value.</summary>
    public static int? Of(string measurand, string? phase, string context, string location) =>
        MeasurandCodes.TryGetValue(measurand, out var m) && PhaseCodes.TryGetValue(phase ?? "", out var p)
        && ContextCodes.TryGetValue(context, out var c) && LocationCodes.TryGetValue(location, out var l)
            ? Combine(m, p, c, l)
            : null;

    /// <summary>The same function in SQL over a meter_values row, for the migration that fills in existing rows.</summary>
    internal static string SqlExpression()
    {
        var sql = new StringBuilder();
        sql.Append('(').Append(Case("measurand", Measurands)).Append(" * 10000 + ").Append(Case("COALESCE(phase, '')", Phases))
            .Append(" * 100 + ").Append(Case("context", Contexts)).Append(" * 10 + ").Append(Case("location", Locations)).Append(')');
        return sql.ToString();
    }

    private static int Combine(int measurand, int phase, int context, int location) =>
        measurand * 10000 + phase * 100 + context * 10 + location;

    // No ELSE: an unknown value makes the CASE, and so the whole sum, NULL.
    private static string Case(string column, string[] values) =>
        $"CASE {column} {string.Concat(values.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"WHEN '{v}' THEN {i} ")))}END";

    private static FrozenDictionary<string, int> Positions(string[] values) =>
        values.Select((value, index) => (value, index)).ToFrozenDictionary(p => p.value, p => p.index, StringComparer.Ordinal);
}
