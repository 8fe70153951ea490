using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using OcppCentral.Sessions;
using OcppCentral.Storage;
using OcppCentral.Tests.TestSupport;
using SQLitePCL;

namespace OcppCentral.Tests.Storage;

/// <summary>The raw meter-value insert over a real temp SQLite file, against what a parameterised insert stores.</summary>
public class MeterValueInsertTests() : TempDatabaseTests(TestBackend.Sqlite)
{
    private static readonly string[] Columns =
    [
        "charge_point_id", "connector_id", "transaction_id", "timestamp", "measurand", "value", "unit", "phase", "context",
        "location", "format", "normalized_value", "normalized_unit",
    ];

    private static readonly DateTimeOffset At = new(2025, 3, 14, 15, 9, 26, 535, TimeSpan.FromHours(2));

    private static MeterSample Sample(string measurand = Measurands.EnergyActiveImportRegister, string value = "1500", string unit = "Wh",
        string? phase = null, decimal? normalized = 1500m, string? normalizedUnit = "Wh", string format = SampleFormats.Raw,
        DateTimeOffset? at = null) =>
        new(at ?? At, measurand, value, unit, phase, SampleContexts.SamplePeriodic, SampleLocations.Outlet, format, normalized, normalizedUnit);

    public static IEnumerable<TestCaseData> Rows()
    {
        TestCaseData Row(string name, MeterSample sample, string chargePointId = "CP-1", int connectorId = 1, long? transactionId = 42) =>
            new TestCaseData(chargePointId, connectorId, transactionId, sample).SetArgDisplayNames(name);

        yield return Row("energy, overall (phase null)", Sample(value: "12345.678", normalized: 12345.678m));
        yield return Row("negative current on a phase", Sample("Current.Import", "-16.5", "A", "L1", -16.5m, "A"));
        yield return Row("SignedData: no normalized value nor unit",
            Sample(value: "3q2+7wABAgMEBQYHCAkKCw==", normalized: null, normalizedUnit: null, format: SampleFormats.SignedData));
        yield return Row("many digits", Sample(value: "12345.678901234567890123", normalized: 12345.678901234567890123m));
        yield return Row("negative, 28 decimals", Sample(value: "-1e-28", normalized: -0.0000000000000000000000000001m));
        yield return Row("whole number (bound as 1500.0)", Sample(normalized: 1500m));
        yield return Row("trailing zero (bound as 1.5)", Sample(value: "1.50", normalized: 1.50m));
        yield return Row("long.MaxValue as a decimal (REAL, not INTEGER)", Sample(value: "9223372036854775807", normalized: 9223372036854775807m));
        yield return Row("decimal.MinValue", Sample(value: "-79228162514264337593543950335", normalized: decimal.MinValue));
        yield return Row("non-ASCII value and charger id", Sample(value: "12,5 – µ ☃ 𝄞", normalized: null, normalizedUnit: null),
            chargePointId: "Ladesäule-Zürich-東京-😀");
        yield return Row("dimensionless: empty unit", Sample("Frequency", "50.01", "", normalized: 50.01m, normalizedUnit: ""));
        yield return Row("no transaction, connector 0", Sample(), connectorId: 0, transactionId: null);
        yield return Row("a value longer than the scratch buffer",
            Sample(value: string.Concat(Enumerable.Repeat("Zählerstand-€-", 300)), normalized: null, normalizedUnit: null, format: SampleFormats.SignedData));
        yield return Row("a lone surrogate in the value", Sample(value: "12\uD800", normalized: null, normalizedUnit: null));
    }

    [TestCaseSource(nameof(Rows))]
    [SetCulture("sv-SE")] // a decimal comma and a U+2212 minus sign, were the machine's culture used
    public void Insert_RawStatement_StoresSameRowAsParameterisedInsert(string chargePointId, int connectorId, long? transactionId, MeterSample sample)
    {
        using var connection = (SqliteConnection)Database.Open();

        var viaRawStatement = StoredRow(connection, transaction =>
            Assert.That(MeterValueStore.Insert(connection, transaction, chargePointId, connectorId, transactionId, sample), Is.True));
        var parameterised = StoredRow(connection, transaction => connection.Execute(MeterValueInsert.Sql, new
        {
            cp = chargePointId, connector = connectorId, tx = transactionId, ts = UnixTime.ToMs(sample.Timestamp), measurand = sample.Measurand,
            value = sample.Value, unit = sample.Unit, phase = sample.Phase, context = sample.Context, location = sample.Location,
            format = sample.Format, normalized = sample.NormalizedValue, normalizedUnit = sample.NormalizedUnit,
            kind = SampleKind.Of(sample.Measurand, sample.Phase, sample.Context, sample.Location), receivedAt = (long?)null,
        }, transaction));

        Assert.That(viaRawStatement, Is.EqualTo(parameterised));
    }

    [Test]
    public void Insert_DecimalValue_BoundAsMicrosoftDataSqliteBindsIt()
    {
        using var connection = (SqliteConnection)Database.Open();
        using (var probe = connection.CreateCommand())
        {
            // What Microsoft.Data.Sqlite binds for a decimal parameter: text, in its own format.
            probe.CommandText = "SELECT typeof(@d) || ' ' || @d";
            probe.Parameters.AddWithValue("@d", 1500m);
            Assert.That(probe.ExecuteScalar(), Is.EqualTo("text 1500.0"));
        }
        using var transaction = connection.BeginTransaction();

        MeterValueStore.Insert(connection, transaction, "CP-1", 1, 7, Sample(value: "9223372036854775807", normalized: 9223372036854775807m));

        // As text "9223372036854775807.0" the NUMERIC column keeps it REAL; bound as "9223372036854775807" it would be INTEGER.
        Assert.That(connection.QuerySingle<string>("SELECT typeof(normalized_value) FROM meter_values", transaction: transaction), Is.EqualTo("real"));
    }

    [Test]
    public void Insert_SameSampleTwice_SecondReturnsFalseAndStoresNothing()
    {
        using var connection = (SqliteConnection)Database.Open();
        using var transaction = connection.BeginTransaction();

        var first = MeterValueStore.Insert(connection, transaction, "CP-1", 1, 42, Sample());
        var second = MeterValueStore.Insert(connection, transaction, "CP-1", 1, 42, Sample());

        Assert.That((first, second, Count(connection, transaction)), Is.EqualTo((true, false, 1L)));
    }

    [Test]
    public void Insert_TransactionRolledBack_RawInsertedRowsAreGone()
    {
        using var connection = (SqliteConnection)Database.Open();
        using (var transaction = connection.BeginTransaction())
        {
            for (var i = 0; i < 3; i++)
                MeterValueStore.Insert(connection, transaction, "CP-1", 1, 42, Sample(at: At.AddSeconds(i)));
            Assert.That(Count(connection, transaction), Is.EqualTo(3), "visible inside the transaction");
            transaction.Rollback();
        }

        Assert.That(Count(connection, null), Is.Zero);
        using var again = connection.BeginTransaction();
        Assert.That(MeterValueStore.Insert(connection, again, "CP-1", 1, 42, Sample()), Is.True, "the rolled-back row is no duplicate");
        again.Commit();
        Assert.That(Count(connection, null), Is.EqualTo(1));
    }

    [Test]
    public void Insert_RowRefused_ThrowsSameSqliteExceptionAsParameterisedInsertAndStatementRunsAgain()
    {
        using var connection = (SqliteConnection)Database.Open();
        connection.Execute(
            "CREATE TRIGGER refuse_boom BEFORE INSERT ON meter_values WHEN NEW.value = 'boom' BEGIN SELECT RAISE(ABORT, 'boom refused'); END;");
        using var transaction = connection.BeginTransaction();
        MeterValueStore.Insert(connection, transaction, "CP-1", 1, 42, Sample(at: At.AddSeconds(-1)));

        var refused = Assert.Throws<SqliteException>(() =>
            MeterValueStore.Insert(connection, transaction, "CP-1", 1, 42, Sample(value: "boom", normalized: null, normalizedUnit: null)))!;
        var parameterised = Assert.Throws<SqliteException>(() => connection.Execute(MeterValueInsert.Sql, new
        {
            cp = "CP-1", connector = 1, tx = 42, ts = 0L, measurand = "m", value = "boom", unit = "", phase = (string?)null,
            context = "c", location = "l", format = "f", normalized = (decimal?)null, normalizedUnit = (string?)null, kind = (int?)null, receivedAt = (long?)null,
        }, transaction))!;
        var after = MeterValueStore.Insert(connection, transaction, "CP-1", 1, 42, Sample());
        transaction.Commit();

        Assert.That((refused.Message, refused.SqliteErrorCode, refused.SqliteExtendedErrorCode),
            Is.EqualTo((parameterised.Message, parameterised.SqliteErrorCode, parameterised.SqliteExtendedErrorCode)));
        Assert.That((refused.Message.Contains("boom refused"), refused.SqliteErrorCode, refused.SqliteExtendedErrorCode),
            Is.EqualTo((true, raw.SQLITE_CONSTRAINT, raw.SQLITE_CONSTRAINT_TRIGGER)));
        Assert.That((after, Count(connection, null)), Is.EqualTo((true, 2L)), "the rows before and after the refused one are kept");
    }

    [Test]
    public void Insert_TableDropped_ThrowsSqliteExceptionAndRunsAgainOnceItIsBack()
    {
        using var connection = (SqliteConnection)Database.Open();
        using (var transaction = connection.BeginTransaction())
        {
            MeterValueStore.Insert(connection, transaction, "CP-1", 1, 42, Sample(at: At.AddSeconds(-1)));
            connection.Execute("DROP TABLE meter_values", transaction: transaction);

            var failure = Assert.Throws<SqliteException>(() => MeterValueStore.Insert(connection, transaction, "CP-1", 1, 42, Sample()))!;

            Assert.That((failure.SqliteErrorCode, failure.Message.Contains("no such table: meter_values")), Is.EqualTo((raw.SQLITE_ERROR, true)));
            transaction.Rollback();
        }
        using var again = connection.BeginTransaction();

        Assert.That(MeterValueStore.Insert(connection, again, "CP-1", 1, 42, Sample()), Is.True);
    }

    [Test]
    public void Insert_TransactionOfAnotherConnectionOrCompleted_Throws()
    {
        using var connection = (SqliteConnection)Database.Open();
        using var other = (SqliteConnection)Database.Open();
        using var foreign = other.BeginTransaction(deferred: true);
        using var completed = connection.BeginTransaction();
        completed.Commit();

        Assert.That(() => MeterValueStore.Insert(connection, foreign, "CP-1", 1, 42, Sample()), Throws.InvalidOperationException);
        Assert.That(() => MeterValueStore.Insert(connection, completed, "CP-1", 1, 42, Sample()), Throws.InvalidOperationException);
    }

    [Test]
    public void Insert_TwoConnections_EachHasItsOwnStatement()
    {
        using var first = (SqliteConnection)Database.Open();
        using var second = (SqliteConnection)Database.Open();

        Assert.That(PreparedCommands.MeterValueInsert(first), Is.Not.SameAs(PreparedCommands.MeterValueInsert(second)));
        Assert.That(PreparedCommands.MeterValueInsert(first), Is.SameAs(PreparedCommands.MeterValueInsert(first)));
    }

    [Test]
    public void Release_FinalizesStatement_ConnectionClosesReopensAndInsertsAgain()
    {
        var connection = (SqliteConnection)Database.Open();
        Insert(connection, Sample(at: At.AddSeconds(-1)));
        var statement = PreparedCommands.MeterValueInsert(connection);
        Assert.That(PreparedCommandsTests.StatementMemory(connection), Is.GreaterThan(0), "the prepared statement lives on the connection");

        PreparedCommands.Release(connection);

        Assert.That((statement.IsDisposed, PreparedCommands.Holds(connection), PreparedCommandsTests.StatementMemory(connection)), Is.EqualTo((true, false, 0)),
            "finalized: no statement is left on the connection's handle");
        connection.Dispose();
        SqliteConnection.ClearAllPools(); // the handle is really closed, not only returned to the pool
        using var reopened = (SqliteConnection)Database.Open();
        Assert.That(Insert(reopened, Sample()), Is.True);
        Assert.That(PreparedCommands.MeterValueInsert(reopened), Is.Not.SameAs(statement));
    }

    [Test]
    public void Close_WithoutRelease_StillFinalizesStatementAndReopenPreparesAfresh()
    {
        using var connection = (SqliteConnection)Database.Open();
        Insert(connection, Sample(at: At.AddSeconds(-1)));
        var statement = PreparedCommands.MeterValueInsert(connection);

        connection.Close();

        Assert.That((statement.IsDisposed, PreparedCommands.Holds(connection)), Is.EqualTo((true, false)));
        connection.Open();
        Assert.That(Insert(connection, Sample()), Is.True);
        Assert.That(PreparedCommands.MeterValueInsert(connection), Is.Not.SameAs(statement));
    }

    [Test]
    public void Insert_ManyChargers_CacheStaysBoundedAndEveryIdIsStored()
    {
        using var connection = (SqliteConnection)Database.Open();
        using var transaction = connection.BeginTransaction();
        const int chargers = MeterValueInsert.MaxCachedStrings + 500;

        for (var i = 0; i < chargers; i++)
            MeterValueStore.Insert(connection, transaction, $"CP-{i:D5}-Südwest", 1, null, Sample());

        var stored = connection.Query<string>("SELECT charge_point_id FROM meter_values ORDER BY charge_point_id", transaction: transaction);
        Assert.That(stored, Is.EqualTo(Enumerable.Range(0, chargers).Select(i => $"CP-{i:D5}-Südwest")));
        Assert.That(PreparedCommands.MeterValueInsert(connection).CachedStrings, Is.LessThanOrEqualTo(MeterValueInsert.MaxCachedStrings));
    }

    [Test]
    public void Insert_ManyDifferentReadings_DoNotFillTheCache()
    {
        using var connection = (SqliteConnection)Database.Open();
        using var transaction = connection.BeginTransaction();

        for (var i = 0; i < MeterValueInsert.MaxCachedStrings + 10; i++)
            MeterValueStore.Insert(connection, transaction, "CP-1", 1, 42, Sample(value: (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), at: At.AddSeconds(i)));

        // The charger id and the few enumeration values, not a thousand readings.
        Assert.That(PreparedCommands.MeterValueInsert(connection).CachedStrings, Is.LessThan(20));
    }

    [Test]
    public void Insert_Repeated_AllocatesAlmostNothing()
    {
        using var connection = (SqliteConnection)Database.Open();
        using var transaction = connection.BeginTransaction();
        var samples = Enumerable.Range(0, 600).Select(i => Sample(value: "12345.678", normalized: 12345.678m, at: At.AddSeconds(i))).ToList();
        foreach (var sample in samples.Take(100))
            MeterValueStore.Insert(connection, transaction, "CP-1", 1, 42, sample);

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var sample in samples.Skip(100))
            MeterValueStore.Insert(connection, transaction, "CP-1", 1, 42, sample);
        var perInsert = (GC.GetAllocatedBytesForCurrentThread() - before) / 500.0;

        // Through SqliteCommand parameters it was about 1.8 KB per sample.
        Assert.That(perInsert, Is.LessThan(64));
    }

    [Test]
    public async Task StorageWriter_FailingMeterValueInsert_IsIsolatedFromItsBatch()
    {
        using (var setup = Database.Open())
            setup.Execute("CREATE TRIGGER refuse_boom BEFORE INSERT ON meter_values WHEN NEW.value = 'boom' BEGIN SELECT RAISE(ABORT, 'boom refused'); END;");
        await using var writer = new StorageWriter(Database, NullLogger<StorageWriter>.Instance);
        Task<bool> Write(MeterSample sample) =>
            writer.WriteAsync((connection, transaction) => MeterValueStore.Insert(connection, transaction, "CP-1", 1, 42, sample));

        var writes = new[] { Write(Sample(at: At)), Write(Sample(value: "boom", at: At.AddSeconds(1))), Write(Sample(at: At.AddSeconds(2))) };
        var outcomes = await Task.WhenAll(writes.Select(async w => { try { return (await w).ToString(); } catch (SqliteException) { return "failed"; } }));

        using var reader = (SqliteConnection)Database.Open();
        Assert.That((outcomes, Count(reader, null)), Is.EqualTo((new[] { "True", "failed", "True" }, 2L)));
    }

    [Test]
    public async Task StorageWriter_Stopping_FinalizesStatementBeforeItsConnectionCloses()
    {
        var writer = new StorageWriter(Database, NullLogger<StorageWriter>.Instance);
        var finalizedWhenClosing = new List<bool>();
        var statement = await writer.WriteAsync((connection, transaction) =>
        {
            // Subscribed before the statement is prepared, so this runs first when the connection reports its close.
            MeterValueInsert? prepared = null;
            connection.StateChange += (_, e) =>
            {
                if (e.CurrentState == System.Data.ConnectionState.Closed)
                    finalizedWhenClosing.Add(prepared!.IsDisposed);
            };
            MeterValueStore.Insert(connection, transaction, "CP-1", 1, 42, Sample());
            prepared = PreparedCommands.MeterValueInsert((SqliteConnection)connection);
            return prepared;
        });

        await writer.DisposeAsync();

        Assert.That((statement.IsDisposed, finalizedWhenClosing), Is.EqualTo((true, new[] { true })));
    }

    private static bool Insert(SqliteConnection connection, MeterSample sample)
    {
        using var transaction = connection.BeginTransaction();
        var inserted = MeterValueStore.Insert(connection, transaction, "CP-1", 1, 42, sample);
        transaction.Commit();
        return inserted;
    }

    private static long Count(SqliteConnection connection, SqliteTransaction? transaction) =>
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM meter_values", transaction: transaction);

    /// <summary>
    /// Runs <paramref name="insert"/> in a transaction and returns the one stored row as, per column, its storage class,
    /// its value and its bytes (hex), then rolls back so the next insert starts from an empty table.
    /// </summary>
    private static List<(string Column, string Type, object Value, string Hex)> StoredRow(SqliteConnection connection, Action<SqliteTransaction> insert)
    {
        using var transaction = connection.BeginTransaction();
        insert(transaction);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {string.Join(", ", Columns.Select(c => $"typeof({c}), {c}, hex({c})"))} FROM meter_values";
        var row = new List<(string, string, object, string)>();
        using (var reader = command.ExecuteReader())
        {
            Assert.That(reader.Read(), Is.True);
            for (var i = 0; i < Columns.Length; i++)
                row.Add((Columns[i], reader.GetString(3 * i), reader.GetValue(3 * i + 1), reader.GetString(3 * i + 2)));
            Assert.That(reader.Read(), Is.False, "one row");
        }
        transaction.Rollback();
        return row;
    }
}
