using Microsoft.AspNetCore.Http.HttpResults;

namespace OcppCentral.Admin;

/// <summary>The limit/offset query parameters of a paged list (docs/admin-api.md).</summary>
public static class Paging
{
    /// <summary>The problem with <paramref name="limit"/> (1 to <paramref name="maxLimit"/>) or <paramref name="offset"/> (0 or more), or null.</summary>
    public static ProblemHttpResult? Check(int? limit, int? offset, int maxLimit)
    {
        if (limit < 1 || limit > maxLimit)
            return Problems.Invalid("limit", $"limit is between 1 and {maxLimit}.");
        if (offset is < 0)
            return Problems.Invalid("offset", "offset is 0 or more.");
        return null;
    }
}
