using Microsoft.AspNetCore.Http.HttpResults;

namespace OcppCentral.Admin;

/// <summary>RFC 7807 answers of the admin API; a 400 names the offending field in <c>errors</c>.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: detail);

    public static ProblemHttpResult Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
            detail: string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
            extensions: new Dictionary<string, object?> { ["errors"] = errors });
}
