using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using OcppCentral.Sessions;
using OcppCentral.Storage;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Storage;

/// <summary>
/// A message's samples stored and counted together (<see cref="SessionWrites.AddSamples"/>; on PostgreSQL one statement):
/// the same outcome as storing them one by one, on each backend.
/// </summary>
[TestFixture(TestBackend.Sqlite)]
[TestFixture(TestBackend.Postgres)]
[Parallelizable(ParallelScope.All), FixtureLifeCycle(LifeCycle.InstancePerTestCase)] // each test on a database of its own
public class AddSamplesTests(TestBackend backend) : TempDatabaseTests(backend)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 14, 0, 0, TimeSpan.Zero);

    private static MeterSample Sample(int minute, string measurand, string value, string? phase = null) =>
        new(Start.AddMinutes(minute), measurand, value, "Wh", phase, "Sample.Periodic", "Outlet", "Raw", decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), "Wh");

    [Test]
    public async Task AddSamples_DuplicatesInTheMessageAndKindlessSamples_StoresAndCountsEachNewOneOnce()
    {
        await using var writer = new StorageWriter(Database, NullLogger<StorageWriter>.Instance);
        var sessions = new SessionStore(Database, writer);
        var id = await sessions.WriteAsync(writes => writes.Start("CP-1", 1, "TAG", null, Start, 0, Start), CancellationToken.None);
        var register = Sample(1, "Energy.Active.Import.Register", "1500");
        var current = Sample(1, "Current.Import", "16.5", "L1");
        // A measurand outside OCPP's enumeration has no kind: it is never taken for a duplicate.
        var custom = Sample(1, "Vendor.Custom", "7");
        IReadOnlyList<MeterSample> message = [register, current, register with { Value = "1500.0" }, custom, custom];

        var first = await sessions.WriteAsync(writes => writes.AddSamples("CP-1", 1, id, message, Start.AddMinutes(2)), CancellationToken.None);
        var afterFirst = Row(id);
        var resent = await sessions.WriteAsync(writes => writes.AddSamples("CP-1", 1, id, [register, current], Start.AddMinutes(3)), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.EqualTo(new[] { register, current, custom, custom }));
            Assert.That(afterFirst, Is.EqualTo((4L, Start.AddMinutes(2).ToUnixTimeMilliseconds(), 4L)));
            Assert.That(resent, Is.Empty);
            // Nothing new, but the session was heard of.
            Assert.That(Row(id), Is.EqualTo((4L, Start.AddMinutes(3).ToUnixTimeMilliseconds(), 4L)));
        }
    }

    [Test]
    public async Task AddSamples_WithoutSession_StoresTheChargersReadingsOnceAndCountsNothing()
    {
        await using var writer = new StorageWriter(Database, NullLogger<StorageWriter>.Instance);
        var sessions = new SessionStore(Database, writer);
        IReadOnlyList<MeterSample> message = [Sample(1, "Energy.Active.Import.Register", "1500"), Sample(1, "Voltage", "230", "L1-N")];

        var first = await sessions.WriteAsync(writes => writes.AddSamples("CP-1", 0, null, message, Start), CancellationToken.None);
        var again = await sessions.WriteAsync(writes => writes.AddSamples("CP-1", 0, null, message, Start), CancellationToken.None);

        using var connection = Database.Open();
        Assert.That((first.Count, again.Count, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM meter_values WHERE transaction_id IS NULL")),
            Is.EqualTo((2, 0, 2L)));
    }

    [Test]
    public async Task AddSamples_StoredRows_ReadBackAsTheSamplesSent()
    {
        await using var writer = new StorageWriter(Database, NullLogger<StorageWriter>.Instance);
        var sessions = new SessionStore(Database, writer);
        var id = await sessions.WriteAsync(writes => writes.Start("CP-1", 1, "TAG", null, Start, 0, Start), CancellationToken.None);
        IReadOnlyList<MeterSample> message =
        [
            Sample(1, "Energy.Active.Import.Register", "1500"),
            new(Start.AddMinutes(1), "Energy.Active.Import.Register", "<signed/>", "Wh", null, "Sample.Clock", "Outlet", "SignedData", null, null),
            Sample(2, "Power.Active.Import", "7123.25", "L2"),
        ];

        await sessions.WriteAsync(writes => writes.AddSamples("CP-1", 1, id, message, Start.AddMinutes(2)), CancellationToken.None);

        var stored = await new MeterValueStore(Database).ListAsync(id, CancellationToken.None);
        Assert.That(stored, Is.EqualTo(message.Select(s => MeterValueStore.AsStored(Database.Dialect, s))));
    }

    private (long SampleCount, long LastMessageAt, long Rows) Row(long id)
    {
        using var connection = Database.Open();
        return connection.QuerySingle<(long, long, long)>(
            "SELECT sample_count, last_message_at, (SELECT COUNT(*) FROM meter_values WHERE transaction_id = @id) FROM sessions WHERE transaction_id = @id",
            new { id });
    }
}
