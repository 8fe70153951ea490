using Dapper;
using OcppCentral.Storage;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Storage;

/// <summary>
/// The migrations on an empty PostgreSQL database, run here once: the fixtures over a PostgreSQL database
/// (<see cref="TempDatabaseTests"/>) and the test servers start on a copy of the run's migrated template instead.
/// </summary>
public class PostgresMigrationTests
{
    [Test]
    public void Initialize_EmptyDatabase_AppliesEveryMigration_AndTheNextStartNone()
    {
        var empty = TestDatabase.Create(TestBackend.Postgres);
        try
        {
            bool first;
            using (var database = new Database(empty.Argument))
                first = database.Initialize();
            using var again = new Database(empty.Argument);
            var second = again.Initialize();
            using var connection = again.Open();

            Assert.That((first, second, connection.ExecuteScalar<long>("SELECT version FROM schema_version")),
                Is.EqualTo((true, false, (long)SchemaMigrations.LatestVersion)));
        }
        finally
        {
            empty.Drop();
        }
    }

    [Test]
    public async Task Initialize_TwoServersAtOnceOnAnEmptyDatabase_ApplyEachMigrationOnce()
    {
        var empty = TestDatabase.Create(TestBackend.Postgres);
        try
        {
            using var one = new Database(empty.Argument);
            using var other = new Database(empty.Argument);
            // A migration applied twice would fail (its CREATE TABLE, its ALTER TABLE … ADD COLUMN), and so would its Initialize.
            var created = await Task.WhenAll(Task.Run(one.Initialize), Task.Run(other.Initialize));
            using var connection = one.Open();

            Assert.That((created.Count(c => c), connection.ExecuteScalar<long>("SELECT version FROM schema_version")),
                Is.EqualTo((1, (long)SchemaMigrations.LatestVersion)));
        }
        finally
        {
            empty.Drop();
        }
    }
}
