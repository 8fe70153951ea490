using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using OcppCentral.Ledger;
using OcppCentral.Sessions;
using OcppCentral.Storage;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Storage;

/// <summary>
/// The writes of one writer batch give what they give one by one (on PostgreSQL the batch's MeterValues are stored together,
/// <see cref="SampleBatch"/>; on SQLite each runs at once): the same answers to each write, the same rows, the same counts.
/// </summary>
[TestFixture(TestBackend.Sqlite)]
[TestFixture(TestBackend.Postgres)]
public class SampleBatchTests(TestBackend backend) : TempDatabaseTests(backend)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    private static MeterSample Register(int minute, long wh) =>
        new(Start.AddMinutes(minute), Measurands.EnergyActiveImportRegister, wh.ToString(CultureInfo.InvariantCulture), "Wh", null,
            "Sample.Periodic", "Outlet", "Raw", wh, "Wh");

    private static MeterSample Power(int minute, string watts, string? phase = null) =>
        new(Start.AddMinutes(minute), "Power.Active.Import", watts, "W", phase, "Sample.Periodic", "Outlet", "Raw",
            decimal.Parse(watts, CultureInfo.InvariantCulture), "W");

    /// <summary>A measurand outside OCPP's enumeration: it has no kind and is never taken for a duplicate.</summary>
    private static MeterSample Custom(int minute) =>
        new(Start.AddMinutes(minute), "Vendor.Custom", "7", "", null, "Sample.Periodic", "Outlet", "Raw", 7m, "");

    [Test]
    public async Task OneBatch_SeveralChargersDuplicatesAndAStopBeforeAMessage_StoresAndAnswersAsOneByOne()
    {
        var alone = TestDatabase.Create(Backend);
        Outcome oneByOne;
        try
        {
            using var aloneDatabase = new Database(alone.Argument);
            aloneDatabase.Initialize();
            oneByOne = await RunAsync(aloneDatabase, inOneBatch: false);
        }
        finally
        {
            alone.Drop();
        }

        var batched = await RunAsync(Database, inOneBatch: true);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(batched.Answers, Is.EqualTo(oneByOne.Answers));
            Assert.That(batched.Rows, Is.EqualTo(oneByOne.Rows));
            Assert.That(batched.Sessions, Is.EqualTo(oneByOne.Sessions));
            Assert.That(batched.Orphans, Is.EqualTo(oneByOne.Orphans));
            // The script is not trivially empty: every kind of answer occurs.
            Assert.That(string.Join(" | ", oneByOne.Answers), Does.Contain("orphan").And.Contain("new 0").And.Contain("stopped").And.Contain("rows "),
                string.Join(" | ", oneByOne.Answers));
        }
    }

    [Test]
    public async Task OneBatch_AMessageThatCannotBeStored_FailsAloneAsOneByOne()
    {
        var alone = TestDatabase.Create(Backend);
        Outcome oneByOne;
        try
        {
            using var aloneDatabase = new Database(alone.Argument);
            aloneDatabase.Initialize();
            oneByOne = await RunAsync(aloneDatabase, inOneBatch: false, unstorable: true);
        }
        finally
        {
            alone.Drop();
        }

        var batched = await RunAsync(Database, inOneBatch: true, unstorable: true);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(batched, Is.EqualTo(oneByOne).Using<Outcome>((a, b) => a.Answers.SequenceEqual(b.Answers) && a.Rows.SequenceEqual(b.Rows)
                && a.Sessions.SequenceEqual(b.Sessions)), string.Join(" | ", batched.Answers));
            // SQLite keeps the NUL; PostgreSQL's text refuses it, and fails that message alone.
            Assert.That(batched.Answers[1], Is.EqualTo(Backend == TestBackend.Postgres ? "failed: PostgresException" : "known"));
        }
    }

    [Test]
    public async Task OneBatch_ManyChargersMeterValues_AreAllStored_InAConstantNumberOfStatementsOnPostgres()
    {
        await using var writer = new StorageWriter(Database, NullLogger<StorageWriter>.Instance);
        var sessions = new SessionStore(Database, writer);
        var ledger = new TransactionLedger(sessions, TimeProvider.System);
        var ids = new List<long>();
        for (var i = 0; i < 40; i++)
            ids.Add(await sessions.WriteAsync(writes => writes.Start($"CP-{i}", 1, "TAG", null, Start, 0, Start), CancellationToken.None));
        var writerThread = await writer.WriteAsync((_, _) => Environment.CurrentManagedThreadId);

        var commands = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = _ =>
            {
                if (Environment.CurrentManagedThreadId == writerThread)
                    Interlocked.Increment(ref commands);
            },
        };
        ActivitySource.AddActivityListener(listener);
        var answers = await InOneBatchAsync(writer, Enumerable.Range(0, 40).Select(i => (Func<Task<object>>)(async () =>
            await ledger.AddMeterValuesAsync(new MeterValuesReport($"CP-{i}", 1, ids[i], [Register(1, 1000 + i), Power(1, "7000")], () => "{}",
                Start.AddMinutes(1)), CancellationToken.None))).ToList());

        using var connection = Database.Open();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(answers, Is.All.EqualTo(true));
            Assert.That(connection.ExecuteScalar<long>("SELECT SUM(sample_count) FROM sessions"), Is.EqualTo(80));
            // The sessions read ahead, the samples stored: two statements for 40 messages (one by one it was two per message);
            // Npgsql does not trace the COMMIT as a command.
            // SQLite runs each statement in process (no round trips to save, and nothing traced).
            if (Backend == TestBackend.Postgres)
                Assert.That(commands, Is.EqualTo(2), "statements the writer ran for the batch");
        }
    }

    /// <summary>The script: each step is one write; with <paramref name="inOneBatch"/> all are queued behind a held write.</summary>
    /// <param name="unstorable">The short script with a message PostgreSQL refuses (a NUL character in a value) among good ones.</param>
    private static async Task<Outcome> RunAsync(Database database, bool inOneBatch, bool unstorable = false)
    {
        await using var writer = new StorageWriter(database, NullLogger<StorageWriter>.Instance);
        var sessions = new SessionStore(database, writer);
        var ledger = new TransactionLedger(sessions, TimeProvider.System);
        var s1 = await sessions.WriteAsync(writes => writes.Start("CP-1", 1, "TAG", null, Start, 0, Start), CancellationToken.None);
        var s2 = await sessions.WriteAsync(writes => writes.Start("CP-2", 1, "TAG", null, Start, 0, Start), CancellationToken.None);
        var s3 = await sessions.WriteAsync(writes => writes.Start("CP-3", 2, "TAG", null, Start, 0, Start), CancellationToken.None);

        Func<Task<object>> MeterValues(string chargePointId, int connectorId, long? transactionId, int receivedMinute, params MeterSample[] samples) =>
            async () => await ledger.AddMeterValuesAsync(new MeterValuesReport(chargePointId, connectorId, transactionId, samples,
                () => $"{{\"from\":\"{chargePointId}\"}}", Start.AddMinutes(receivedMinute)), CancellationToken.None) ? "known" : "orphan";

        Func<Task<object>> Stored(string chargePointId, int connectorId, long? transactionId, int receivedMinute, params MeterSample[] samples) =>
            async () =>
            {
                var (owner, added) = await sessions.WriteAsync(writes => (
                    transactionId is { } id ? writes.OwnerOf(id) : default,
                    writes.AddSamples(chargePointId, connectorId, transactionId, samples, Start.AddMinutes(receivedMinute))),
                    CancellationToken.None, transactionId);
                return $"{owner} new {added.Count}: {string.Join(",", added.Select(s => $"{s.Measurand}@{s.Timestamp:HH:mm}={s.Value}"))}";
            };

        // The session's stop, with the close in the same write: its samples read back and measured there.
        Func<Task<object>> StopAndClose(long transactionId, int minute, long meterStopWh, params MeterSample[] samples) =>
            async () => await sessions.WriteAsync(writes =>
            {
                var session = writes.Find(transactionId)!;
                var added = writes.AddSamples(session.ChargePointId, session.ConnectorId, transactionId, samples, null);
                var measured = writes.Samples(transactionId);
                var summary = SessionCalculator.Summarize(new SessionFacts(session.StartTime, Start.AddMinutes(minute), session.MeterStartWh,
                    meterStopWh, measured));
                writes.Complete(transactionId, Start.AddMinutes(minute), meterStopWh, "Local", null, summary, null, [], Start.AddMinutes(minute));
                return $"stopped, new {added.Count}, measured {measured.Count}, {summary.EnergyWh} Wh";
            }, CancellationToken.None);

        // A write of another store between them sees what the batch stored before it.
        Func<Task<object>> CountRows() =>
            async () => "rows " + await writer.WriteAsync((connection, transaction) =>
                connection.ExecuteScalar<long>("SELECT COUNT(*) FROM meter_values", transaction: transaction));

        List<Func<Task<object>>> script = unstorable
            ?
            [
                MeterValues("CP-1", 1, s1, 1, Register(1, 1000), Power(1, "7000")),
                MeterValues("CP-2", 1, s2, 1, Register(1, 500), Power(1, "3000\0", "L1")),
                Stored("CP-3", 2, s3, 1, Register(1, 700), Register(1, 700)),
                Stored("CP-1", 1, s1, 2, Register(1, 1000), Register(2, 1100)),
            ]
            :
        [
            MeterValues("CP-1", 1, s1, 1, Register(1, 1000), Power(1, "7000")),
            MeterValues("CP-2", 1, s2, 1, Register(1, 500), Power(1, "3000", "L1")),
            // A resend of the first with one more reading: only the new one is stored.
            Stored("CP-1", 1, s1, 2, Register(1, 1000), Power(1, "7000"), Register(2, 1100)),
            // The charger's own readings, then the same again: stored once.
            Stored("CP-3", 0, null, 2, Register(2, 9000), Custom(2)),
            Stored("CP-3", 0, null, 3, Register(2, 9000), Custom(2)),
            // Another charger naming CP-2's session, and a session that does not exist: orphans.
            MeterValues("CP-9", 1, s2, 3, Register(3, 1)),
            MeterValues("CP-9", 1, 999_999, 3, Register(3, 1)),
            // Stopped and closed, then a late reading for it in the same batch.
            StopAndClose(s3, 4, 2400, Register(3, 2200), Register(4, 2400)),
            Stored("CP-3", 2, s3, 5, Register(5, 2500), Register(4, 2400)),
            CountRows(),
            // The same identity again with another value: the first stored stays, and it counts as nothing new.
            Stored("CP-1", 1, s1, 6, Register(2, 1111), Custom(6), Custom(6)),
            MeterValues("CP-2", 1, s2, 6, Register(6, 800), Power(6, "3100", "L1"), Register(1, 500)),
            Stored("CP-2", 1, s2, 7, Register(7, 900), Register(7, 900)),
            // Nothing new, but heard of later.
            Stored("CP-2", 1, s2, 8, Register(7, 900)),
        ];

        var answers = inOneBatch ? await InOneBatchAsync(writer, script) : await OneByOneAsync(script);
        await writer.DisposeAsync();

        using var connection = database.Open();
        return new Outcome(
            answers.Select(a => a.ToString()!).ToList(),
            connection.Query<string>(
                """
                SELECT id || ' ' || charge_point_id || ' ' || connector_id || ' ' || COALESCE(CAST(transaction_id AS TEXT), '-') || ' '
                    || timestamp || ' ' || measurand || ' ' || value || ' ' || COALESCE(CAST(received_at AS TEXT), '-')
                FROM meter_values ORDER BY id
                """).ToList(),
            connection.Query<string>(
                """
                SELECT transaction_id || ' ' || status || ' ' || sample_count || ' ' || COALESCE(CAST(last_message_at AS TEXT), '-') || ' '
                    || COALESCE(CAST(energy_wh AS TEXT), '-')
                FROM sessions ORDER BY transaction_id
                """).ToList(),
            connection.Query<string>("SELECT charge_point_id || ' ' || action || ' ' || COALESCE(transaction_id, '-') FROM orphan_messages ORDER BY id").ToList());
    }

    private static async Task<List<object>> OneByOneAsync(IEnumerable<Func<Task<object>>> script)
    {
        var answers = new List<object>();
        foreach (var step in script)
            answers.Add(await Answer(step()));
        return answers;
    }

    /// <summary>What a step answered, or that its write failed.</summary>
    private static async Task<object> Answer(Task<object> step)
    {
        try
        {
            return await step;
        }
        catch (System.Data.Common.DbException ex)
        {
            return $"failed: {ex.GetType().Name}";
        }
    }

    /// <summary>Holds the writer in a write of its own, queues every step behind it, then lets go: the steps make one batch.</summary>
    private static async Task<List<object>> InOneBatchAsync(StorageWriter writer, IEnumerable<Func<Task<object>>> script)
    {
        using var running = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var held = writer.WriteAsync((_, _) =>
        {
            running.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            return 0;
        });
        running.Wait(TimeSpan.FromSeconds(30));
        // Each step queues its write before it first awaits.
        var steps = script.Select(step => Answer(step())).ToList();
        Assert.That(writer.QueueDepth, Is.EqualTo(steps.Count), "every step is queued behind the held write");
        release.Set();
        await held;
        return [.. await Task.WhenAll(steps)];
    }

    private sealed record Outcome(List<string> Answers, List<string> Rows, List<string> Sessions, List<string> Orphans);
}
