using Microsoft.AspNetCore.Http.HttpResults;

namespace OcppCentral.Web.Overview;

/// <summary>The overview at <c>/</c>, and its live part that htmx fetches every few seconds.</summary>
public static class OverviewEndpoints
{
    public static RouteGroupBuilder MapOverviewPages(this RouteGroupBuilder console)
    {
        console.MapGet("/", PageAsync);
        console.MapGet("/overview/live", LiveAsync);
        return console;
    }

    private static async Task<RazorComponentResult> PageAsync(HttpContext http, CancellationToken ct) =>
        new RazorComponentResult<OverviewPage>(new { Model = await OverviewModel.LoadAsync(http, ct) });

    private static async Task<RazorComponentResult> LiveAsync(HttpContext http, CancellationToken ct) =>
        new RazorComponentResult<OverviewLive>(new { Model = await OverviewModel.LoadAsync(http, ct) });
}
