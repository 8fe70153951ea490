using OcppCentral.Pricing;

namespace OcppCentral.Admin;

/// <summary>
/// Every problem with a request body, each under the JSON path of its field, in the order found: what a 400's
/// ProblemDetails <c>errors</c> lists, so a client fixes everything in one round trip. The answer stays small whatever
/// the body holds: at most <see cref="TariffError.MaxPerField"/> messages per field and <see cref="TariffError.MaxFields"/>
/// fields, the rest counted (docs/admin-api.md).
/// </summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _moreInField = new(StringComparer.Ordinal);
    private readonly HashSet<string> _fieldsLeftOut = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unreadable = new(StringComparer.Ordinal);

    public int Count => _errors.Count + _fieldsLeftOut.Count;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            if (_errors.Count >= TariffError.MaxFields)
            {
                _fieldsLeftOut.Add(field);
                return;
            }
            _errors[field] = messages = [];
        }
        if (messages.Count < TariffError.MaxPerField)
            messages.Add(message);
        else
            _moreInField[field] = _moreInField.GetValueOrDefault(field) + 1;
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
        if (!IsInsideUnreadable(field))
            Add(field, message);
    }

    /// <summary>Whether the field, or one it lies inside, could not be read.</summary>
    public bool IsUnreadable(string field) => IsInsideUnreadable(field);

    private bool IsInsideUnreadable(string field)
    {
        if (_unreadable.Count == 0)
            return false;
        if (_unreadable.Contains(field))
            return true;
        for (var i = 1; i < field.Length; i++)
            if (field[i] is '.' or '[' && _unreadable.Contains(field[..i]))
                return true;
        return false;
    }

    public Dictionary<string, string[]> ToDictionary()
    {
        var answer = _errors.ToDictionary(
            e => e.Key,
            e => _moreInField.TryGetValue(e.Key, out var more) ? [.. e.Value, $"and {more} more like these"] : e.Value.ToArray(),
            StringComparer.Ordinal);
        if (_fieldsLeftOut.Count > 0)
        {
            var message = $"and {_fieldsLeftOut.Count} more fields have errors; fix these first";
            answer["$"] = answer.TryGetValue("$", out var existing) ? [.. existing, message] : [message];
        }
        return answer;
    }
}
