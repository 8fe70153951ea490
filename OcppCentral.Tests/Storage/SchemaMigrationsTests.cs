using Dapper;
using OcppCentral.Storage;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Storage;

/// <summary>The migration that records seeding: what a database from before it is taken to have done.</summary>
public class SchemaMigrationsTests
{
    private string _path = null!;

    [SetUp]
    public void CreatePath() => _path = TempDatabase.NewPath();

    [TearDown]
    public void DeletePath() => TempDatabase.Delete(_path);

    private long SeededRows(string setup)
    {
        var database = new Database(_path);
        using (var before = database.Open())
        {
            SchemaMigrations.Apply(before, 4);
            if (setup.Length > 0)
                before.Execute(setup);
        }
        database.Initialize();
        using var after = database.Open();
        return after.ExecuteScalar<long>("SELECT COUNT(*) FROM settings WHERE key = 'default_tariff_seeded'");
    }

    [Test]
    public void Migration_DatabaseWithATariff_IsRecordedAsSeeded() =>
        Assert.That(SeededRows("INSERT INTO tariffs (id, document, updated_at) VALUES ('peak', '{}', 1)"), Is.EqualTo(1));

    [Test]
    public void Migration_DatabaseWithSessionsButNoTariff_IsRecordedAsSeeded_SoADeletedDefaultStaysDeleted() =>
        Assert.That(SeededRows("""
            INSERT INTO sessions (charge_point_id, connector_id, id_tag, start_time, meter_start_wh, status, created_at)
            VALUES ('CP-1', 1, 'TAG', 1000, 0, 'Active', 1000)
            """), Is.EqualTo(1));

    [Test]
    public void Migration_EmptyDatabase_IsNotRecordedAsSeeded_SoTheNextStartSeeds() =>
        Assert.That(SeededRows(""), Is.Zero);

    [Test]
    public void Migration_SessionsFromBeforeTheSampleCount_AreCountedFromTheirStoredSamples()
    {
        var database = new Database(_path);
        using (var before = database.Open())
        {
            SchemaMigrations.Apply(before, SchemaMigrations.VersionBefore("ADD COLUMN sample_count"));
            before.Execute("""
                INSERT INTO sessions (transaction_id, charge_point_id, connector_id, id_tag, start_time, meter_start_wh, status, created_at)
                VALUES (7, 'CP-1', 1, 'TAG', 1000, 0, 'Active', 1000), (8, 'CP-1', 2, 'TAG', 1000, 0, 'Active', 1000);
                INSERT INTO meter_values (charge_point_id, connector_id, transaction_id, timestamp, measurand, value, unit, context, location, format)
                VALUES ('CP-1', 1, 7, 2000, 'Energy.Active.Import.Register', '1', 'Wh', 'Sample.Periodic', 'Outlet', 'Raw'),
                       ('CP-1', 1, 7, 3000, 'Energy.Active.Import.Register', '2', 'Wh', 'Sample.Periodic', 'Outlet', 'Raw'),
                       ('CP-1', 0, NULL, 3000, 'Energy.Active.Import.Register', '2', 'Wh', 'Sample.Periodic', 'Outlet', 'Raw');
                """);
        }
        database.Initialize();
        using var after = database.Open();
        Assert.That(after.Query<(long, long)>("SELECT transaction_id, sample_count FROM sessions ORDER BY transaction_id"),
            Is.EqualTo(new[] { (7L, 2L), (8L, 0L) }));
    }

    [Test]
    public void ReceiptMigration_ExistingSessions_EachGetAWellFormedTokenOfTheirOwn()
    {
        var database = new Database(_path);
        using (var before = database.Open())
        {
            SchemaMigrations.Apply(before, SchemaMigrations.VersionBefore("-- Driver receipts"));
            before.Execute("""
                INSERT INTO sessions (charge_point_id, connector_id, id_tag, start_time, meter_start_wh, status, created_at)
                VALUES ('CP-1', 1, 'TAG', 1000, 0, 'Active', 1000), ('CP-1', 2, 'TAG', 2000, 0, 'Active', 2000)
                """);
        }
        database.Initialize();
        using var after = database.Open();
        var tokens = after.Query<string>("SELECT receipt_token FROM sessions").ToList();

        Assert.That(tokens, Has.Count.EqualTo(2).And.All.Matches<string>(ReceiptToken.IsWellFormed));
        Assert.That(tokens.Distinct().Count(), Is.EqualTo(2));
    }
}
