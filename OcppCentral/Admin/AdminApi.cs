using System.Text.Json;
using System.Text.Json.Serialization;
using OcppCentral.Admin.Anomalies;
using OcppCentral.Admin.Audit;
using OcppCentral.Admin.ChargePoints;
using OcppCentral.Admin.Commands;
using OcppCentral.Admin.Feedback;
using OcppCentral.Admin.IdTags;
using OcppCentral.Admin.Reports;
using OcppCentral.Admin.Sessions;
using OcppCentral.Admin.Tariffs;
using OcppCentral.Admin.Webhooks;

namespace OcppCentral.Admin;

/// <summary>The admin API (docs/admin-api.md): JSON camelCase, ISO-8601 UTC timestamps, RFC 7807 errors, all under /api behind the key.</summary>
public static class AdminApi
{
    public const string PathPrefix = "/api";

    /// <summary>Request bodies on the admin API are small documents; anything larger is refused with 413.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static IServiceCollection AddAdminApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<BadInputHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        services.AddSingleton<SessionRecords>();
        services.AddSingleton<CommandCaller>();
        services.AddSingleton<CommandSender>();
        return services;
    }

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new UtcDateTimeOffsetConverter());
        options.Converters.Add(new JsonStringEnumConverter());
    }

    /// <summary>The admin API's middleware: errors as ProblemDetails, and the key check on every path under /api.</summary>
    public static IApplicationBuilder UseAdminApi(this IApplicationBuilder app)
    {
        // A body over the limit or unreadable, and a parameter that cannot be bound, surface as BadHttpRequestException;
        // BadInputHandler answers it with its own status (413, 415, 400 naming the parameter) as ProblemDetails, never a 500.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        return app.UseWhen(http => http.Request.Path.StartsWithSegments(PathPrefix), api => api.UseMiddleware<AdminKeyMiddleware>());
    }

    /// <summary>The route table of the admin API: one group per area, each area's routes in its own folder.</summary>
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(PathPrefix);
        api.MapChargePointsApi();
        api.MapSessionsApi();
        api.MapCorrectionsApi();
        api.MapIdTagsApi();
        api.MapTariffsApi();
        api.MapFeedbackApi();
        api.MapAnomaliesApi();
        api.MapReportsApi();
        api.MapCommandsApi();
        api.MapAuditApi();
        api.MapWebhooksApi();
        return app;
    }
}
