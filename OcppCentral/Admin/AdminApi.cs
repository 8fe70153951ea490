using System.Text.Json;
using System.Text.Json.Serialization;

namespace OcppCentral.Admin;

/// <summary>The admin API (SPEC 8): JSON camelCase, ISO-8601 UTC timestamps, RFC 7807 errors, all under /api behind the key filter.</summary>
public static class AdminApi
{
    /// <summary>Request bodies on the admin API are small documents; anything larger is refused with 413.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static IServiceCollection AddAdminApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        services.AddSingleton<SessionRecords>();
        services.AddSingleton<CommandSender>();
        return services;
    }

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new UtcDateTimeOffsetConverter());
        options.Converters.Add(new JsonStringEnumConverter());
    }

    public static WebApplication MapAdminApi(this WebApplication app)
    {
        // A body over the limit or unreadable surfaces as BadHttpRequestException wherever it is read; answer it with
        // its own status (413, 400) as ProblemDetails instead of a 500.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseMiddleware<AdminKeyMiddleware>());
        var api = app.MapGroup("/api");
        api.MapChargePointsApi();
        api.MapSessionsApi();
        api.MapIdTagsApi();
        api.MapTariffsApi();
        api.MapInsightsApi();
        api.MapCommandsApi();
        return app;
    }
}
