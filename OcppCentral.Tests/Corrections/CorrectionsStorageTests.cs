using Dapper;
using OcppCentral.Pricing;
using OcppCentral.Storage;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Corrections;

/// <summary>What the corrections migration makes of a database from before it, and the pure credit and void of a bill.</summary>
public class CorrectionsStorageTests
{
    private string _path = null!;

    [SetUp]
    public void CreatePath() => _path = TempDatabase.NewPath();

    [TearDown]
    public void DeletePath() => TempDatabase.Delete(_path);

    [Test]
    public async Task Migration_AClosedSessionFromBefore_GetsItsCloseAsVersion1_ReadableAsARecord()
    {
        var database = new Database(_path);
        using (var before = database.Open())
        {
            SchemaMigrations.Apply(before, SchemaMigrations.VersionBefore("CREATE TABLE session_versions"));
            before.Execute("""
                INSERT INTO sessions (charge_point_id, connector_id, id_tag, start_time, meter_start_wh, status, stop_time, meter_stop_wh,
                    stop_reason, tariff_id, energy_wh, energy_source, duration_minutes, cost, currency, total_minor, created_at, closed_at)
                VALUES ('CP-1', 1, 'TAG', 1764000000000, 10000, 'Completed', 1764003600000, 20000, 'Local', 'flat', 10000, 'meterStop', 60,
                    '{"tariffId":"flat","currency":"SEK","lines":[],"net":20.00,"tax":5.00,"total":25.00}', 'SEK', 2500, 1764000000000, 1764003600000);
                INSERT INTO sessions (charge_point_id, connector_id, id_tag, start_time, meter_start_wh, status, created_at)
                VALUES ('CP-1', 2, 'TAG', 1764000000000, 0, 'Active', 1764000000000);
                INSERT INTO session_anomalies (transaction_id, code, detail, detected_at) VALUES (1, 'ZeroEnergy', 'none', 1);
                """);
        }
        database.Initialize();

        var versions = await new SessionVersionStore(database).ListAsync(1, CancellationToken.None);
        var active = await new SessionVersionStore(database).ListAsync(2, CancellationToken.None);
        using var after = database.Open();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(versions.Select(v => (v.Version, v.Kind, v.Actor)), Is.EqualTo(new[] { (1, "close", "system") }));
            Assert.That(versions[0].Record.StopTime, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1764003600000)));
            Assert.That(versions[0].Record.MeterStopWh, Is.EqualTo(20_000));
            Assert.That(versions[0].Record.Cost!.Total, Is.EqualTo(25.00m));
            Assert.That(versions[0].Record.Anomalies, Is.EqualTo(new[] { "ZeroEnergy" }));
            Assert.That(active, Is.Empty);
            Assert.That(after.Query<long>("SELECT version FROM sessions ORDER BY transaction_id"), Is.EqualTo(new[] { 1L, 0L }));
            Assert.That(after.ExecuteScalar<long>("SELECT total_minor FROM session_versions WHERE transaction_id = 1"), Is.EqualTo(2500));
        }
    }

    private static readonly Cost Bill = new("flat", "SEK",
        [new CostLine("energy", 10m, "kWh", 2.00m, 20.00m, null)], 20.00m, 5.00m, 25.00m);

    [Test]
    public void Credit_ComesOffTheTotalExactly_NetAndTaxInProportion()
    {
        var credited = BillAdjustments.Apply(Bill, 3.33m, voided: false)!;

        using (Assert.EnterMultipleScope())
        {
            // 3.33 × 20/25 = 2.664 → 2.66 off the net, 0.67 off the tax.
            Assert.That((credited.Net, credited.Tax, credited.Total), Is.EqualTo((17.34m, 4.33m, 21.67m)));
            Assert.That(credited.Lines[^1], Is.EqualTo(new CostLine("credit", 1m, "session", -2.66m, -2.66m, null)));
            Assert.That(credited.Lines.Sum(l => l.Amount), Is.EqualTo(credited.Net));
        }
    }

    [Test]
    public void Credit_AboveTheTotal_IsCappedAtIt_AndVoid_ChargesNothing()
    {
        var capped = BillAdjustments.Apply(Bill, 30m, voided: false)!;
        var voided = BillAdjustments.Apply(Bill, null, voided: true)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That((capped.Net, capped.Tax, capped.Total), Is.EqualTo((0m, 0m, 0m)));
            Assert.That((voided.Net, voided.Tax, voided.Total), Is.EqualTo((0m, 0m, 0m)));
            Assert.That(voided.Lines.Sum(l => l.Amount), Is.EqualTo(0m));
            Assert.That(BillAdjustments.Apply(null, 5m, voided: true), Is.Null);
        }
    }
}
