using Dapper;
using Microsoft.Data.Sqlite;
using OcppCentral.Sessions;

namespace OcppCentral.Storage;

/// <summary>Meter-value rows: inserted inside the writer's batches, read for sessions and their evaluation.</summary>
public sealed class MeterValueStore(Database database)
{
    private const string InsertSql =
        """
        INSERT OR IGNORE INTO meter_values (charge_point_id, connector_id, transaction_id, timestamp, measurand, value, unit,
            phase, context, location, format, normalized_value, normalized_unit)
        VALUES (@cp, @connector, @tx, @ts, @measurand, @value, @unit, @phase, @context, @location, @format, @normalized, @normalizedUnit)
        """;

    /// <summary>
    /// Stores one sample; an identical one already stored is left alone (SPEC 3 idempotency). True when new.
    /// The hottest statement of the server, so it runs as a prepared command (see <see cref="PreparedCommands"/>).
    /// </summary>
    public static bool Insert(SqliteConnection connection, SqliteTransaction transaction, string chargePointId, int connectorId,
        long? transactionId, MeterSample sample)
    {
        var command = PreparedCommands.Get(connection, transaction, InsertSql, "@cp", "@connector", "@tx", "@ts", "@measurand", "@value",
            "@unit", "@phase", "@context", "@location", "@format", "@normalized", "@normalizedUnit");
        var p = command.Parameters;
        p[0].Value = chargePointId;
        p[1].Value = connectorId;
        p[2].Value = PreparedCommands.Value(transactionId);
        p[3].Value = UnixTime.ToMs(sample.Timestamp);
        p[4].Value = sample.Measurand;
        p[5].Value = sample.Value;
        p[6].Value = sample.Unit;
        p[7].Value = PreparedCommands.Value(sample.Phase);
        p[8].Value = sample.Context;
        p[9].Value = sample.Location;
        p[10].Value = sample.Format;
        p[11].Value = PreparedCommands.Value(sample.NormalizedValue);
        p[12].Value = PreparedCommands.Value(sample.NormalizedUnit);
        return command.ExecuteNonQuery() > 0;
    }

    public static IReadOnlyList<MeterSample> ForTransaction(SqliteConnection connection, SqliteTransaction? transaction, long transactionId) =>
        connection.Query<MeterValueRow>(
            "SELECT * FROM meter_values WHERE transaction_id = @transactionId ORDER BY timestamp, id",
            new { transactionId }, transaction).Select(row => row.ToSample()).ToList();

    public async Task<IReadOnlyList<MeterValueRow>> ListAsync(long transactionId, CancellationToken ct)
    {
        await using var connection = database.Open();
        return (await connection.QueryAsync<MeterValueRow>(new CommandDefinition(
            "SELECT * FROM meter_values WHERE transaction_id = @transactionId ORDER BY timestamp, id",
            new { transactionId }, cancellationToken: ct))).AsList();
    }
}
