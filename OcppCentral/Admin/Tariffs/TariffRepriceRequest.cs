namespace OcppCentral.Admin.Tariffs;

/// <summary>
/// The body of POST /api/tariffs/{id}/reprice (docs/corrections.md): the range of session start times [from, to), why, and
/// whether only to show the difference (<see cref="DryRun"/>, the default) or to correct the sessions.
/// </summary>
public sealed record TariffRepriceRequest
{
    /// <summary>ISO-8601; inclusive.</summary>
    public string? From { get; init; }

    /// <summary>ISO-8601; exclusive.</summary>
    public string? To { get; init; }

    /// <summary>Required: recorded on every version the re-price makes.</summary>
    public string? Reason { get; init; }

    /// <summary>True (the default when left out): nothing is written.</summary>
    public bool? DryRun { get; init; }
}
