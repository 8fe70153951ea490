namespace OcppCentral.Admin.Tariffs;

/// <summary>
/// Every problem with a request body, each under the JSON path of its field, in the order found: what a 400's
/// ProblemDetails <c>errors</c> lists, so a client fixes everything in one round trip.
/// </summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private readonly List<string> _unreadable = [];

    public int Count => _errors.Count;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
            _errors[field] = messages = [];
        messages.Add(message);
    }

    /// <summary>A field whose value could not be read: it is left out of the document that is validated next.</summary>
    public void Unreadable(string field, string message)
    {
        Add(field, message);
        _unreadable.Add(field);
    }

    /// <summary>
    /// A validation error, unless it is about a field that could not be read or lies inside one: that field was left out
    /// so the rest could be validated, and "is required" would only repeat the reading error.
    /// </summary>
    public void AddChecked(string field, string message)
    {
        if (!_unreadable.Any(outer => field == outer || field.StartsWith(outer + ".", StringComparison.Ordinal)
                                      || field.StartsWith(outer + "[", StringComparison.Ordinal)))
            Add(field, message);
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
