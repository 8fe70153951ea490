using Dapper;
using Microsoft.Data.Sqlite;
using OcppCentral.Sessions;

namespace OcppCentral.Storage;

/// <summary>Meter-value rows: inserted inside the writer's batches, read for sessions and their evaluation.</summary>
public sealed class MeterValueStore(Database database)
{
    /// <summary>
    /// Stores one sample; an identical one already stored is left alone (SPEC 3 idempotency). True when new.
    /// The hottest statement of the server (once per sampledValue), so it runs as a raw SQLite statement kept prepared on
    /// the connection (<see cref="MeterValueInsert"/>, kept by <see cref="PreparedCommands"/>). It stores exactly what a
    /// parameterised insert stores; in a micro-benchmark a 6-sample message took 13 µs instead of 23 µs and allocated
    /// about 40 B instead of 11 KB.
    /// </summary>
    /// <exception cref="SqliteException">SQLite refused the row (the writer then isolates this write).</exception>
    public static bool Insert(SqliteConnection connection, SqliteTransaction transaction, string chargePointId, int connectorId,
        long? transactionId, MeterSample sample) =>
        PreparedCommands.MeterValueInsert(connection).Insert(transaction, chargePointId, connectorId, transactionId, sample);

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
