using Microsoft.AspNetCore.Http.HttpResults;
using OcppCentral.Admin;
using OcppCentral.Admin.Sessions;
using OcppCentral.Storage;

namespace OcppCentral.Web.Sessions;

/// <summary>/sessions (the table) and /sessions/{id} (one session).</summary>
public static class SessionsEndpoints
{
    public static RouteGroupBuilder MapSessionsPages(this RouteGroupBuilder console)
    {
        console.MapGet("/sessions", ListAsync);
        console.MapGet("/sessions/{transactionId:long}", GetAsync);
        return console;
    }

    private static async Task<RazorComponentResult> ListAsync(HttpRequest request, ConsoleQueries queries, ConsoleZone zones,
        ReportQueries reports, CancellationToken ct)
    {
        var zone = await zones.GetAsync(ct);
        var query = SessionsQuery.Read(request);
        var (rows, total) = await queries.SessionsAsync(query.Filter(zone), ct);
        var chargerIds = (await reports.ChargePointIdsAsync(ct)).Order(StringComparer.Ordinal).ToList();
        return new RazorComponentResult<SessionsPage>(new { Query = query, Rows = rows, Total = total, Zone = zone, ChargerIds = chargerIds });
    }

    private static async Task<IResult> GetAsync(long transactionId, SessionRecords records, MeterValueStore meterValues, ConsoleZone zones,
        CancellationToken ct)
    {
        if (await records.FindAsync(transactionId, ct) is not { } session)
            return Results.Text($"There is no session {transactionId}.", statusCode: StatusCodes.Status404NotFound);
        var samples = await meterValues.ListAsync(transactionId, ct);
        var curve = SessionCurve.From(samples, session.MeterStartWh);
        return new RazorComponentResult<SessionPage>(new { S = session, Samples = samples, Curve = curve, Zone = await zones.GetAsync(ct) });
    }
}
