using Dapper;
using Microsoft.Data.Sqlite;
using OcppCentral.Messages;
using OcppCentral.Sessions;
using OcppCentral.Storage;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Storage;

/// <summary>The compact code behind docs/ocpp-endpoint.md's meter-value identity, in C# and in the SQL of the migration that adds it.</summary>
public class SampleKindTests
{
    private static readonly string[] Measurands = OcppEnumeration("MeterValues", "measurand");
    private static readonly string?[] Phases = [null, .. OcppEnumeration("MeterValues", "phase")];
    private static readonly string[] Contexts = OcppEnumeration("MeterValues", "context");
    private static readonly string[] Locations = OcppEnumeration("MeterValues", "location");

    private static IEnumerable<(string Measurand, string? Phase, string Context, string Location)> EveryCombination() =>
        from m in Measurands from p in Phases from c in Contexts from l in Locations select (m, p, c, l);

    [Test]
    public void Of_EveryOcpp16Combination_HasACodeOfItsOwn()
    {
        var codes = EveryCombination().Select(k => SampleKind.Of(k.Measurand, k.Phase, k.Context, k.Location)).ToList();

        Assert.That(codes, Has.None.Null);
        Assert.That(codes.Distinct().Count(), Is.EqualTo(codes.Count).And.EqualTo(22 * 11 * 8 * 5));
    }

    [TestCase("Energy.Active.Import.Registers", null, "Sample.Periodic", "Outlet")]
    [TestCase("Energy.Active.Import.Register", "L4", "Sample.Periodic", "Outlet")]
    [TestCase("Energy.Active.Import.Register", null, "sample.periodic", "Outlet")]
    [TestCase("Energy.Active.Import.Register", null, "Sample.Periodic", "Roof")]
    public void Of_ValueOutsideOcpp16_HasNoCode(string measurand, string? phase, string context, string location) =>
        Assert.That(SampleKind.Of(measurand, phase, context, location), Is.Null);

    [Test]
    public void Of_EmptyPhase_IsNoPhase_AsTheIndexAlwaysComparedIt() =>
        Assert.That(SampleKind.Of("Voltage", "", "Sample.Clock", "Inlet"), Is.EqualTo(SampleKind.Of("Voltage", null, "Sample.Clock", "Inlet")).And.Not.Null);

    [Test]
    public void SqlExpression_AgreesWithOf_ForEveryCombinationAndForUnknownValues()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        connection.Execute("CREATE TABLE meter_values (measurand TEXT, phase TEXT, context TEXT, location TEXT)");
        var rows = EveryCombination().Concat([("Energy", null, "Sample.Periodic", "Outlet"), ("SoC", "L9", "Trigger", "EV"), ("SoC", null, "Trigger", "Moon")]).ToList();
        using (var transaction = connection.BeginTransaction())
        {
            foreach (var (m, p, c, l) in rows)
                connection.Execute("INSERT INTO meter_values VALUES (@m, @p, @c, @l)", new { m, p, c, l }, transaction);
            transaction.Commit();
        }

        var inSql = connection.Query<(string Measurand, string? Phase, string Context, string Location, long? Code)>(
            $"SELECT measurand, phase, context, location, {SampleKind.SqlExpression()} FROM meter_values").ToList();

        Assert.That(inSql.Select(r => r.Code), Is.EqualTo(inSql.Select(r => (long?)SampleKind.Of(r.Measurand, r.Phase, r.Context, r.Location))));
        Assert.That(inSql.Count(r => r.Code is null), Is.EqualTo(3));
    }

    [Test]
    public void Migration_ExistingMeterValues_GetTheirKindAndStayIdempotent()
    {
        var path = TempDatabase.NewPath();
        try
        {
            var database = new Database(path);
            using (var before = database.Open())
            {
                SchemaMigrations.Apply(before, 3);
                before.Execute("""
                    INSERT INTO meter_values (charge_point_id, connector_id, transaction_id, timestamp, measurand, value, unit, phase, context, location, format)
                    VALUES ('CP-1', 1, 7, 1000, 'Energy.Active.Import.Register', '100', 'Wh', NULL, 'Sample.Periodic', 'Outlet', 'Raw'),
                           ('CP-1', 1, 7, 1000, 'Current.Import', '16', 'A', 'L1', 'Sample.Periodic', 'Outlet', 'Raw'),
                           ('CP-1', 1, 7, 1000, 'Current.Import', '16', 'A', 'L2', 'Sample.Periodic', 'Outlet', 'Raw'),
                           ('CP-1', 0, NULL, 1000, 'Voltage', '230', 'V', 'L1-N', 'Sample.Clock', 'Inlet', 'Raw')
                    """);
            }

            Assert.That(database.Initialize(), Is.False, "an existing file is migrated, not created");

            using var after = database.Open();
            var kinds = after.Query<(string Measurand, string? Phase, string Context, string Location, long? SampleKind)>(
                "SELECT measurand, phase, context, location, sample_kind FROM meter_values ORDER BY id").ToList();
            Assert.That(kinds.Select(k => k.SampleKind), Is.EqualTo(kinds.Select(k => (long?)SampleKind.Of(k.Measurand, k.Phase, k.Context, k.Location))));
            Assert.That(kinds.Select(k => k.SampleKind), Has.None.Null);

            // A resend of a reading stored before the upgrade is still recognised as a duplicate.
            using var transaction = after.BeginTransaction();
            var resent = MeterValueNormalizer.Normalize(DateTimeOffset.FromUnixTimeMilliseconds(1000),
                new SampledValue("16", "Sample.Periodic", "Raw", "Current.Import", "L2", "Outlet", "A"));
            var inserted = MeterValueStore.Insert(after, transaction, "CP-1", 1, 7, resent);
            var other = MeterValueStore.Insert(after, transaction, "CP-1", 1, 7, resent with { Phase = "L3" });
            transaction.Commit();
            Assert.That((inserted, other, after.ExecuteScalar<long>("SELECT COUNT(*) FROM meter_values")), Is.EqualTo((false, true, 5L)));
        }
        finally
        {
            TempDatabase.Delete(path);
        }
    }

    private static string[] OcppEnumeration(string action, string property)
    {
        var schema = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(Path.Combine(OcppCentral.Protocol.SchemaValidator.DefaultDirectory, action + ".json")));
        return schema.SelectToken($"$.properties.meterValue.items.properties.sampledValue.items.properties.{property}.enum")!
            .Values<string>().Select(v => v!).ToArray();
    }
}
