using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OcppCentral.Health;

/// <summary>
/// <c>/health</c>, <c>/health/live</c> and <c>/health/ready</c> (docs/operations.md, Health): for probes and load
/// balancers, so none needs the admin key, and none tells more than its status (the reason of a failure is logged).
/// </summary>
public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseReadiness>("database", tags: [ReadyTag]);
        return services;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        // Live: the process runs and answers HTTP; no check is run.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        // The original endpoint keeps its body, and fails as readiness does.
        app.MapGet("/health", async (HealthCheckService health, CancellationToken ct) =>
        {
            var report = await health.CheckHealthAsync(check => check.Tags.Contains(ReadyTag), ct);
            return report.Status == HealthStatus.Healthy
                ? Results.Ok(new { status = "ok" })
                : Results.Json(new { status = "failing" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}
