using Dapper;
using Microsoft.Data.Sqlite;
using OcppCentral.Sessions;

namespace OcppCentral.Storage;

/// <summary>Meter-value rows: inserted inside the writer's batches, read for sessions and their evaluation.</summary>
public sealed class MeterValueStore(Database database)
{
    /// <summary>Stores one sample; an identical one already stored is left alone (SPEC 3 idempotency). True when new.</summary>
    public static bool Insert(SqliteConnection connection, SqliteTransaction transaction, string chargePointId, int connectorId,
        long? transactionId, MeterSample sample) =>
        connection.Execute(
            """
            INSERT OR IGNORE INTO meter_values (charge_point_id, connector_id, transaction_id, timestamp, measurand, value, unit,
                phase, context, location, format, normalized_value, normalized_unit)
            VALUES (@chargePointId, @connectorId, @transactionId, @timestamp, @Measurand, @Value, @Unit,
                @Phase, @Context, @Location, @Format, @NormalizedValue, @NormalizedUnit)
            """,
            new
            {
                chargePointId, connectorId, transactionId, timestamp = UnixTime.ToMs(sample.Timestamp),
                sample.Measurand, sample.Value, sample.Unit, sample.Phase, sample.Context, sample.Location, sample.Format,
                sample.NormalizedValue, sample.NormalizedUnit,
            }, transaction) > 0;

    /// <summary>The columns of a <see cref="MeterValueRow"/>, normalized_value as REAL (see <see cref="SessionStore.Columns"/>).</summary>
    private const string Columns =
        """
        id, charge_point_id, connector_id, transaction_id, timestamp, measurand, value, unit, phase, context, location, format,
        CAST(normalized_value AS REAL) AS normalized_value, normalized_unit
        """;

    public static IReadOnlyList<MeterSample> ForTransaction(SqliteConnection connection, SqliteTransaction? transaction, long transactionId) =>
        connection.Query<MeterValueRow>(
            $"SELECT {Columns} FROM meter_values WHERE transaction_id = @transactionId ORDER BY timestamp, id",
            new { transactionId }, transaction).Select(row => row.ToSample()).ToList();

    public async Task<IReadOnlyList<MeterValueRow>> ListAsync(long transactionId, CancellationToken ct)
    {
        await using var connection = database.Open();
        return (await connection.QueryAsync<MeterValueRow>(new CommandDefinition(
            $"SELECT {Columns} FROM meter_values WHERE transaction_id = @transactionId ORDER BY timestamp, id",
            new { transactionId }, cancellationToken: ct))).AsList();
    }
}
