using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using OcppCentral.Ledger;
using OcppCentral.Pricing;
using OcppCentral.Sessions;
using OcppCentral.Storage;
using OcppCentral.Tests.TestSupport;
using static OcppCentral.Tests.Sessions.SessionSamples;

namespace OcppCentral.Tests.Ledger;

/// <summary>
/// The ledger over a real temp SQLite file and the real writer: what each transaction message leaves in the session
/// records, read back through the stores the admin API reads.
/// </summary>
[TestFixture(TestBackend.Sqlite)]
[TestFixture(TestBackend.Postgres)]
[Parallelizable(ParallelScope.All), FixtureLifeCycle(LifeCycle.InstancePerTestCase)] // each test on a database of its own
public class TransactionLedgerTests(TestBackend backend) : TempDatabaseTests(backend)
{
    private static readonly Tariff FlatTwoSek = Tariff.Validate(new TariffDocument
    {
        Id = TariffStore.DefaultTariffId, Name = "Flat", Currency = "SEK", TimeZone = "Europe/Stockholm", EnergyPrice = 2.00m, TaxPercent = 0m,
    }).Tariff!;

    private readonly Clock _clock = new(At("16:00"));
    private StorageWriter _writer = null!;
    private SessionStore _sessions = null!;
    private TransactionLedger _ledger = null!;

    [SetUp]
    public async Task CreateLedger()
    {
        _writer = new StorageWriter(Database, NullLogger<StorageWriter>.Instance);
        _sessions = new SessionStore(Database, _writer);
        _ledger = new TransactionLedger(_sessions, _clock);
        await new TariffStore(Database, _writer).SaveAsync(FlatTwoSek, "test", _clock.GetUtcNow(), null, CancellationToken.None);
    }

    [TearDown]
    public async Task StopWriter() => await _writer.DisposeAsync();

    private Task<long> StartAsync(int connectorId = 1, string at = "14:00", long meterStartWh = 10_000, string chargePointId = "CP-1") =>
        _ledger.StartAsync(new TransactionStart(chargePointId, connectorId, "TAG", meterStartWh, At(at), null, _clock.GetUtcNow()), CancellationToken.None);

    private Task<StopOutcome> StopAsync(long transactionId, long meterStopWh, string at = "15:00", string chargePointId = "CP-1",
        params MeterSample[] samples) =>
        _ledger.StopAsync(new TransactionStop(chargePointId, transactionId, meterStopWh, At(at), "Local", null, samples, () => "{}",
            _clock.GetUtcNow()), CancellationToken.None);

    private Task<bool> MeterValuesAsync(long? transactionId, int connectorId = 1, string chargePointId = "CP-1", params MeterSample[] samples) =>
        _ledger.AddMeterValuesAsync(new MeterValuesReport(chargePointId, connectorId, transactionId, samples, () => "{\"sent\":true}",
            _clock.GetUtcNow()), CancellationToken.None);

    private async Task<StoredSession> SessionAsync(long transactionId) => (await _sessions.FindAsync(transactionId, CancellationToken.None))!;

    private async Task<IReadOnlyList<string>> AnomalyCodesAsync(long transactionId) =>
        (await _sessions.AnomaliesAsync([transactionId], CancellationToken.None))[transactionId].Select(a => a.Code).ToList();

    [Test]
    public async Task StartAsync_NewSession_IsActiveAndPinnedToTheDefaultTariff()
    {
        var id = await StartAsync();

        var session = await SessionAsync(id);
        var running = (await _sessions.RunningAsync(id, CancellationToken.None))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((session.Status, session.StartTime, session.MeterStartWh, session.TariffId),
                Is.EqualTo((StoredSession.Active, At("14:00"), 10_000L, TariffStore.DefaultTariffId)));
            Assert.That((running.PinnedTariff?.Name, running.PinnedTariff?.EnergyPrice), Is.EqualTo(("Flat", (decimal?)2.00m)));
        }
    }

    [Test]
    public async Task StartAsync_SameContentTwice_AnswersTheFirstTransactionId()
    {
        var first = await StartAsync();

        Assert.That(await StartAsync(), Is.EqualTo(first));
    }

    [Test]
    public async Task StartAsync_TimestampFarAheadOfReceipt_FlagsTimestampInFuture()
    {
        var id = await StartAsync(at: "17:00");

        Assert.That(await AnomalyCodesAsync(id), Is.EqualTo(new[] { AnomalyCodes.TimestampInFuture }));
    }

    [Test]
    public async Task StartAsync_ResentWhileTheSessionItSupersededIsStillActive_ClosesThatOneAsSuperseded()
    {
        // The state a server leaves when it stops after storing a new start but before closing what it superseded: that
        // StartTransaction was never answered, so the charger sends it again.
        var old = await StartAsync(at: "14:00");
        using (var connection = Database.Open())
            connection.Execute("""
                INSERT INTO sessions (charge_point_id, connector_id, id_tag, start_time, meter_start_wh, status, tariff_id, created_at)
                VALUES ('CP-1', 1, 'TAG', @startMs, 12500, 'Active', 'default', @startMs)
                """, new { startMs = At("15:00").ToUnixTimeMilliseconds() });

        var replacement = await StartAsync(at: "15:00", meterStartWh: 12_500);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(replacement, Is.GreaterThan(old));
            Assert.That((await SessionAsync(old)).Status, Is.EqualTo(StoredSession.Completed));
            Assert.That(await AnomalyCodesAsync(old), Does.Contain(AnomalyCodes.Superseded));
            Assert.That((await SessionAsync(replacement)).Status, Is.EqualTo(StoredSession.Active));
        }
    }

    [Test]
    public async Task AddMeterValuesAsync_SamplesSentTwice_AreCountedOnceInTheSession()
    {
        var id = await StartAsync();
        await MeterValuesAsync(id, samples: [Register("14:10", 11_000), Register("14:20", 12_000)]);
        await MeterValuesAsync(id, samples: Register("14:10", 11_000));

        Assert.That((await SessionAsync(id)).SampleCount, Is.EqualTo(2));
    }

    [Test]
    public async Task StartAsync_ConnectorWithAnActiveSession_ClosesThatOneAsSuperseded()
    {
        var old = await StartAsync(at: "14:00");
        await MeterValuesAsync(old, samples: Register("14:30", 12_000));

        var replacement = await StartAsync(at: "15:00", meterStartWh: 12_500);

        var closed = await SessionAsync(old);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((closed.Status, closed.StopReason, closed.StopTime, closed.MeterStopWh, closed.EnergyWh),
                Is.EqualTo((StoredSession.Completed, "Other", (DateTimeOffset?)At("14:30"), (long?)null, (decimal?)2000m)));
            Assert.That(await AnomalyCodesAsync(old), Does.Contain(AnomalyCodes.Superseded));
            Assert.That((await SessionAsync(replacement)).Status, Is.EqualTo(StoredSession.Active));
        }
    }

    [Test]
    public async Task StopAsync_ActiveSession_ClosesItMeasuredAndPriced()
    {
        var id = await StartAsync();

        var outcome = await StopAsync(id, 22_000, samples: Register("14:30", 16_000));

        var session = await SessionAsync(id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome, Is.EqualTo(StopOutcome.Completed));
            Assert.That((session.Status, session.StopTime, session.MeterStopWh, session.StopReason, session.EnergyWh),
                Is.EqualTo((StoredSession.Completed, (DateTimeOffset?)At("15:00"), (long?)22_000, "Local", (decimal?)12_000m)));
            Assert.That((session.Cost?.Currency, session.Cost?.Total), Is.EqualTo(("SEK", (decimal?)24.00m)));
        }
    }

    [Test]
    public async Task StopAsync_Resend_IsAlreadyCompletedAndChangesNothing()
    {
        var id = await StartAsync();
        await StopAsync(id, 22_000);

        var outcome = await StopAsync(id, 99_000, at: "15:30");

        Assert.That((outcome, (await SessionAsync(id)).MeterStopWh), Is.EqualTo((StopOutcome.AlreadyCompleted, (long?)22_000)));
    }

    [TestCase(0L)]
    [TestCase(-1L)]
    [TestCase(long.MaxValue)]
    public async Task StopAsync_TransactionIdThatIsNotOurs_IsKeptAsOrphan(long transactionId)
    {
        var outcome = await StopAsync(transactionId, 1000);

        var orphans = await new OrphanStore(Database).ListAsync(null, null, "CP-1", CancellationToken.None);
        Assert.That((outcome, orphans.Single().Action, orphans.Single().TransactionId),
            Is.EqualTo((StopOutcome.Orphan, "StopTransaction", transactionId.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Test]
    public async Task StopAsync_AnotherChargersSession_IsKeptAsOrphanAndLeavesItActive()
    {
        var id = await StartAsync(chargePointId: "CP-1");

        var outcome = await StopAsync(id, 22_000, chargePointId: "CP-2");

        Assert.That((outcome, (await SessionAsync(id)).Status), Is.EqualTo((StopOutcome.Orphan, StoredSession.Active)));
    }

    [Test]
    public async Task AddMeterValuesAsync_UnknownTransaction_IsKeptAsOrphanOnce()
    {
        var first = await MeterValuesAsync(4711, samples: Register("14:10", 11_000));
        var resend = await MeterValuesAsync(4711, samples: Register("14:10", 11_000));

        var orphans = await new OrphanStore(Database).ListAsync(null, null, null, CancellationToken.None);
        Assert.That((first, resend, orphans.Count, orphans[0].Payload), Is.EqualTo((false, false, 1, "{\"sent\":true}")));
    }

    [Test]
    public async Task AddMeterValuesAsync_KnownSession_StoresEachSampleOnce()
    {
        var id = await StartAsync();

        await MeterValuesAsync(id, samples: [Register("14:10", 11_000), PowerW("14:10", 7400)]);
        await MeterValuesAsync(id, samples: Register("14:10", 11_000));

        var samples = await new MeterValueStore(Database).ListAsync(id, CancellationToken.None);
        Assert.That(samples.Select(s => (s.Measurand, s.NormalizedValue)),
            Is.EquivalentTo(new[] { (Measurands.EnergyActiveImportRegister, (decimal?)11_000m), (Measurands.PowerActiveImport, (decimal?)7400m) }));
    }

    [Test]
    public async Task RecordBootAsync_ActiveSessions_ClosesThemAtTheirLastReadingAsReboot()
    {
        var id = await StartAsync();
        await MeterValuesAsync(id, samples: Register("14:40", 14_000));

        var interrupted = await _ledger.RecordBootAsync(new ChargerBoot("CP-1", "Vendor", "Model", null, null, _clock.GetUtcNow()), CancellationToken.None);

        var session = await SessionAsync(id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(interrupted, Is.EqualTo(1));
            Assert.That((session.Status, session.StopReason, session.StopTime, session.EnergyWh),
                Is.EqualTo((StoredSession.Completed, "Reboot", (DateTimeOffset?)At("14:40"), (decimal?)4000m)));
            Assert.That(await AnomalyCodesAsync(id), Does.Contain(AnomalyCodes.InterruptedByReboot));
        }
    }

    [Test]
    public async Task StopAsync_SessionTheServerClosedAtABoot_TakesTheChargersAccount()
    {
        var id = await StartAsync();
        await MeterValuesAsync(id, samples: Register("14:40", 14_000));
        await _ledger.RecordBootAsync(new ChargerBoot("CP-1", "Vendor", "Model", null, null, _clock.GetUtcNow()), CancellationToken.None);

        var outcome = await StopAsync(id, 15_000, at: "14:50");

        var session = await SessionAsync(id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome, Is.EqualTo(StopOutcome.Completed));
            Assert.That((session.StopTime, session.MeterStopWh, session.StopReason, session.EnergyWh),
                Is.EqualTo(((DateTimeOffset?)At("14:50"), (long?)15_000, "Local", (decimal?)5000m)));
            Assert.That(await AnomalyCodesAsync(id), Does.Contain(AnomalyCodes.InterruptedByReboot), "what was observed as it happened stays");
        }
    }

    [Test]
    public async Task AddMeterValuesAsync_LateReadingsOfASessionClosedAtABoot_MeasureItAgainUpToThem()
    {
        var id = await StartAsync();
        await MeterValuesAsync(id, samples: Register("14:20", 12_000));
        await _ledger.RecordBootAsync(new ChargerBoot("CP-1", "Vendor", "Model", null, null, _clock.GetUtcNow()), CancellationToken.None);

        await MeterValuesAsync(id, samples: Register("14:45", 15_000));

        var session = await SessionAsync(id);
        Assert.That((session.StopTime, session.EnergyWh, session.StopReason), Is.EqualTo(((DateTimeOffset?)At("14:45"), (decimal?)5000m, "Reboot")));
    }

    /// <summary>The server's clock, standing still where the test puts it.</summary>
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
