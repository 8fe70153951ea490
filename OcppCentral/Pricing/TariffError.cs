namespace OcppCentral.Pricing;

/// <summary>
/// Why a <see cref="TariffDocument"/> was refused. <paramref name="Field"/> is a JSON path into the
/// document as the client sent it (<c>timeZone</c>, <c>idleFee.perMinute</c>, <c>periods[1].from</c>),
/// so the admin API can put it straight into a ProblemDetails <c>errors</c> map.
/// </summary>
public sealed record TariffError(string Field, string Message)
{
    /// <summary>Messages reported under one field (docs/admin-api.md); the rest are counted in one more message.</summary>
    public const int MaxPerField = 10;

    /// <summary>Fields reported in one answer; the rest are counted in one message under <c>$</c>.</summary>
    public const int MaxFields = 100;

    /// <summary>The first <see cref="MaxPerField"/> messages of each of the first <see cref="MaxFields"/> fields, in the order found, and counts of the rest.</summary>
    public static IReadOnlyList<TariffError> Capped(IReadOnlyList<TariffError> errors)
    {
        var perField = new Dictionary<string, int>(StringComparer.Ordinal);
        var kept = new List<TariffError>();
        foreach (var error in errors)
        {
            perField.TryGetValue(error.Field, out var count);
            if (count == 0 && perField.Count >= MaxFields)
            {
                continue;
            }

            perField[error.Field] = count + 1;
            if (count < MaxPerField)
            {
                kept.Add(error);
            }
        }

        foreach (var (field, count) in perField.Where(entry => entry.Value > MaxPerField))
        {
            kept.Add(new(field, $"and {count - MaxPerField} more like these"));
        }

        var fieldsLeftOut = errors.Select(error => error.Field).Distinct(StringComparer.Ordinal).Count() - perField.Count;
        if (fieldsLeftOut > 0)
        {
            kept.Add(new("$", $"and {fieldsLeftOut} more fields have errors; fix these first"));
        }

        return kept;
    }
}
