using OcppCentral.Admin;
using OcppCentral.Admin.Feedback;
using OcppCentral.Admin.Reports;
using OcppCentral.Health;
using OcppCentral.Operations;
using OcppCentral.Receipts;
using OcppCentral.Transport;
using OcppCentral.Web;

namespace OcppCentral;

/// <summary>ChargeMonitor, an OCPP 1.6J central system: the composition on one screen (docs/architecture.md).</summary>
public static class Program
{
    public static Task<int> Main(string[] args) => OcppCentralApp.RunAsync(args);

    /// <summary>The server, top to bottom: services, then middleware, then endpoints. Tests and benchmarks build the same app.</summary>
    /// <param name="replaceServices">Tests only: runs after the wiring, so a registration here (a fake TimeProvider) wins.</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? replaceServices = null)
    {
        if (CommandLineCheck.Problem(args) is { } misspelled)
            throw new StartupException(misspelled);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ChargerListeners.WithoutUrls(args), ContentRootPath = AppContext.BaseDirectory });
        builder.AddOcppCentral(args);
        builder.AddApiDocumentation();
        builder.AddMetrics();
        replaceServices?.Invoke(builder.Services);

        var app = builder.Build();
        // Routing and authentication are placed here rather than left to WebApplication, which would run the console's
        // authentication first: the OCPP endpoint is short-circuited by routing (OcppEndpoint), so a charger's WebSocket,
        // open for days, holds none of the state of the middleware after it (docs/performance.md, Idle memory).
        app.UseWebSockets();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAdminApi();

        app.MapHealth();
        app.MapOcppEndpoint();
        app.MapAdminApi();
        app.MapGroup("/api").MapDailyReportApi().MapFeedbackListApi();
        app.MapConsole();
        app.MapReceipts();
        app.MapApiDocumentation();
        app.MapMetrics();
        return app;
    }
}
