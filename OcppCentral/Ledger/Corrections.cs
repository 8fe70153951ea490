using OcppCentral.Storage;

namespace OcppCentral.Ledger;

/// <summary>The kinds of correction of docs/corrections.md, spelled as the API takes them.</summary>
public static class CorrectionKinds
{
    public const string SetMeterStop = "setMeterStop";
    public const string SetStopTime = "setStopTime";
    public const string ExcludeReadings = "excludeReadings";
    public const string Reprice = "reprice";
    public const string Credit = "credit";
    public const string Void = "void";

    /// <summary>Closes an Active session whose StopTransaction never came (a stale session): the only kind for an Active session.</summary>
    public const string Close = "close";

    public static readonly IReadOnlyList<string> All = [SetMeterStop, SetStopTime, ExcludeReadings, Reprice, Credit, Void, Close];

    /// <summary>The kind of a session's first version: its close (by the charger, the server, or an operator's <see cref="Close"/>).</summary>
    public const string Closed = Close;

    /// <summary>The kind of a version the system made by measuring a session again (a late StopTransaction, late readings).</summary>
    public const string Remeasured = "remeasure";

    /// <summary>Who made the versions the server made by itself.</summary>
    public const string SystemActor = "system";
}

/// <summary>
/// One correction as the ledger needs it: its kind and the values that kind takes, who asks and why, the version it corrects
/// (null: whichever is current), the Idempotency-Key and request hash that make a resent request return its first result, and
/// the audit row the correction appends in its own transaction (null: none, when it is not an operator's request).
/// </summary>
public sealed record Correction(string Kind, string Reason, int? ExpectedVersion, long? MeterStopWh, DateTimeOffset? StopTime,
    IReadOnlyList<long>? ReadingIds, string? TariffId, int? TariffVersion, decimal? Amount, string? Currency, string Actor, string? IdempotencyKey,
    string RequestHash, AuditDraft? Audit = null);

public enum CorrectionResult
{
    Created,
    Replayed,
    NotFound,
    Conflict,
    Invalid,
}

/// <summary>What became of a correction: the version it made (or made before, when replayed), or why not (the field for a 400).</summary>
public sealed record CorrectionOutcome(CorrectionResult Result, SessionVersion? Version = null, string? Field = null, string? Message = null)
{
    public static CorrectionOutcome Invalid(string field, string message) => new(CorrectionResult.Invalid, Field: field, Message: message);

    public static CorrectionOutcome Conflict(string message) => new(CorrectionResult.Conflict, Message: message);
}
