namespace OcppCentral.Web.Shared;

/// <summary>Builds the query string of a console link from the values that are set.</summary>
public static class QueryText
{
    public static string Of(string path, params (string Name, string? Value)[] values)
    {
        var set = values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => $"{v.Name}={Uri.EscapeDataString(v.Value!)}").ToList();
        return set.Count == 0 ? path : path + "?" + string.Join("&", set);
    }
}
