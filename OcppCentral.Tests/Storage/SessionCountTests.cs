using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using OcppCentral.Storage;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Storage;

/// <summary>
/// A MeterValues updates its session's row once: the sample count and, for the stale-session sweep
/// (docs/corrections.md), when the session was last heard of, in one statement by key (docs/performance.md).
/// </summary>
public class SessionCountTests : TempDatabaseTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 14, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task CountSamples_HeardAt_CountsAndKeepsTheLatestHearing_NeverAnEarlierOne()
    {
        await using var writer = new StorageWriter(Database, NullLogger<StorageWriter>.Instance);
        var sessions = new SessionStore(Database, writer);
        var id = await sessions.WriteAsync(writes => writes.Start("CP-1", 1, "TAG", null, Start, 0, Start), CancellationToken.None);

        await sessions.WriteAsync(writes =>
        {
            writes.CountSamples(id, 6, Start.AddMinutes(10));
            return 0;
        }, CancellationToken.None);
        var afterFirst = Row(id);
        // A message received earlier but committed later (or nothing new stored) never moves the hearing back.
        await sessions.WriteAsync(writes =>
        {
            writes.CountSamples(id, 6, Start.AddMinutes(5));
            writes.CountSamples(id, 0, Start.AddMinutes(20));
            writes.CountSamples(id, 2);
            return 0;
        }, CancellationToken.None);

        Assert.That((afterFirst, Row(id)), Is.EqualTo((
            (6L, Start.AddMinutes(10).ToUnixTimeMilliseconds()),
            (14L, Start.AddMinutes(20).ToUnixTimeMilliseconds()))));
    }

    private (long SampleCount, long LastMessageAt) Row(long id)
    {
        using var connection = Database.Open();
        return connection.QuerySingle<(long, long)>("SELECT sample_count, last_message_at FROM sessions WHERE transaction_id = @id", new { id });
    }
}
