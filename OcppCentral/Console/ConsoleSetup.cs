using Microsoft.AspNetCore.Authentication.Cookies;
using OcppCentral.Storage;
using OcppCentral.Web.Anomalies;
using OcppCentral.Web.Chargers;
using OcppCentral.Web.Feedback;
using OcppCentral.Web.Overview;
using OcppCentral.Web.Reports;
using OcppCentral.Web.Sessions;
using OcppCentral.Web.SignIn;
using OcppCentral.Web.Tariffs;

namespace OcppCentral.Web;

/// <summary>
/// The operator console (docs/console.md): server-rendered pages at <c>/</c>, Razor components rendered with
/// <c>RazorComponentResult</c>, htmx for the parts that refresh, static files from wwwroot. The folder is Console/; the
/// namespace is <c>OcppCentral.Web</c> because a namespace <c>OcppCentral.Console</c> would hide <see cref="System.Console"/>
/// from every file under <c>OcppCentral</c>.
/// </summary>
public static class ConsoleSetup
{
    public static IServiceCollection AddConsole(this IServiceCollection services)
    {
        services.AddOptions<ConsoleOptions>().BindConfiguration("Console")
            .Validate(o => o.KeyFailuresAllowed > 0, "Console:KeyFailuresAllowed must be at least 1.")
            .Validate(o => o.KeyFailureWindow > TimeSpan.Zero, "Console:KeyFailureWindow must be longer than zero.")
            .ValidateOnStart();
        services.AddRazorComponents();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "ChargeMonitor.Antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.FormFieldName = ConsoleAccess.AntiforgeryField;
            options.HeaderName = "X-CSRF-Token";
        });
        services.AddAuthentication(ConsoleAccess.Scheme).AddCookie(ConsoleAccess.Scheme, options =>
        {
            options.Cookie.Name = "ChargeMonitor.Console";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.SlidingExpiration = true;
            options.LoginPath = "/sign-in";
        });
        services.AddOptions<CookieAuthenticationOptions>(ConsoleAccess.Scheme)
            .Configure<Microsoft.Extensions.Options.IOptions<ConsoleOptions>>((cookie, console) => cookie.ExpireTimeSpan = console.Value.SignInLifetime);
        services.AddSingleton<ConsoleAccess>();
        services.AddSingleton<OcppCentral.Admin.KeyAttemptLimiter>();
        services.AddSingleton<ConsoleZone>();
        services.AddSingleton<ConsoleQueries>();
        services.AddSingleton<DailyReportQuery>();
        services.AddSingleton<FeedbackQuery>();
        return services;
    }

    /// <summary>The console's route table; every page and form passes <see cref="ConsoleAccess"/>.</summary>
    public static WebApplication MapConsole(this WebApplication app)
    {
        app.UseStaticFiles();
        app.MapSignIn();
        var console = app.MapGroup("").AddEndpointFilter<ConsoleAccess>().ExcludeFromDescription();
        console.MapOverviewPages();
        console.MapSessionsPages();
        console.MapChargersPages();
        console.MapTariffsPages();
        console.MapFeedbackPages();
        console.MapAnomaliesPages();
        console.MapReportsPages();
        return app;
    }
}
