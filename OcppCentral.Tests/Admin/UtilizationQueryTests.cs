using Dapper;
using Microsoft.Data.Sqlite;
using OcppCentral.Storage;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Admin;

/// <summary>The busy time behind utilizationPercent, on a real SQLite file; times are minutes after a fixed origin.</summary>
public class UtilizationQueryTests : TempDatabaseTests
{
    private static readonly long Origin = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private int _next;

    private static long At(int minutes) => Origin + minutes * 60_000L;

    /// <param name="stop">Minutes, or null for a session still Active.</param>
    private void Session(string chargePointId, int start, int? stop, int connectorId = 1)
    {
        using var connection = Database.Open();
        connection.Execute(
            """
            INSERT INTO sessions (charge_point_id, connector_id, id_tag, start_time, meter_start_wh, status, stop_time, created_at)
            VALUES (@chargePointId, @connectorId, @idTag, @start, 0, @status, @stop, 0)
            """,
            new
            {
                chargePointId, connectorId, idTag = $"TAG{_next++}", start = At(start), status = stop is null ? "Active" : "Completed",
                stop = stop is null ? (long?)null : At(stop.Value),
            });
    }

    private async Task<Dictionary<string, long>> BusyMinutesAsync(int from, int to, int now = 10_000) =>
        (await new UtilizationQuery(Database).BusyTimeAsync(At(from), At(to), At(now), CancellationToken.None))
        .ToDictionary(r => r.ChargePointId, r => r.BusyMs / 60_000);

    [Test]
    public async Task BusyTime_DisjointSessions_AddUp()
    {
        Session("CP", 0, 30);
        Session("CP", 60, 75);

        Assert.That(await BusyMinutesAsync(0, 120), Is.EqualTo(new Dictionary<string, long> { ["CP"] = 45 }));
    }

    [Test]
    public async Task BusyTime_OverlappingConnectors_CountOnce()
    {
        Session("CP", 0, 60, connectorId: 1);
        Session("CP", 30, 90, connectorId: 2);
        Session("CP", 40, 50, connectorId: 3);

        Assert.That(await BusyMinutesAsync(0, 180), Is.EqualTo(new Dictionary<string, long> { ["CP"] = 90 }));
    }

    [Test]
    public async Task BusyTime_SessionsStartingTogether_CountOnce()
    {
        Session("CP", 10, 20, connectorId: 1);
        Session("CP", 10, 40, connectorId: 2);

        Assert.That(await BusyMinutesAsync(0, 60), Is.EqualTo(new Dictionary<string, long> { ["CP"] = 30 }));
    }

    [Test]
    public async Task BusyTime_SessionsAcrossThePeriodEdges_AreClipped()
    {
        Session("CP", 0, 60);
        Session("CP", 100, 200);
        Session("CP", 30, 45, connectorId: 2);

        Assert.That(await BusyMinutesAsync(30, 150), Is.EqualTo(new Dictionary<string, long> { ["CP"] = 30 + 50 }));
    }

    [Test]
    public async Task BusyTime_SessionsOutsideThePeriod_CountNothing()
    {
        Session("CP", 0, 30);
        Session("CP", 30, 30, connectorId: 2);
        Session("CP", 200, 230);
        Session("CP", 90, 80, connectorId: 3);

        Assert.That(await BusyMinutesAsync(30, 200), Is.Empty);
    }

    [Test]
    public async Task BusyTime_ActiveSession_RunsUntilNowWithinThePeriod()
    {
        Session("RUNNING", 50, null);
        Session("LONG-RUNNING", -100, null);

        Assert.That(await BusyMinutesAsync(0, 120, now: 80),
            Is.EqualTo(new Dictionary<string, long> { ["RUNNING"] = 30, ["LONG-RUNNING"] = 80 }));
    }

    [Test]
    public async Task BusyTime_SeveralChargers_AreKeptApart()
    {
        Session("CP-A", 0, 60);
        Session("CP-B", 30, 90);

        Assert.That(await BusyMinutesAsync(0, 120), Is.EqualTo(new Dictionary<string, long> { ["CP-A"] = 60, ["CP-B"] = 60 }));
    }
}
