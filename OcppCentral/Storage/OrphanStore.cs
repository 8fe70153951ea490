using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace OcppCentral.Storage;

/// <summary>
/// MeterValues and StopTransaction for a transaction this server does not know (docs/anomalies-and-feedback.md): answered so the
/// charger's queue drains, and kept whole here for an operator. A resend with the same content is stored once.
/// </summary>
public sealed class OrphanStore(Database database)
{
    internal static void Insert(DbConnection connection, DbTransaction transaction, string chargePointId, string action,
        string? transactionId, string payload, long receivedAtMs)
    {
        var contentKey = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(action + "\n" + payload)));
        connection.Execute(
            """
            INSERT INTO orphan_messages (charge_point_id, action, transaction_id, content_key, payload, received_at)
            VALUES (@chargePointId, @action, @transactionId, @contentKey, @payload, @receivedAtMs)
            ON CONFLICT DO NOTHING
            """, new { chargePointId, action, transactionId, contentKey, payload, receivedAtMs }, transaction);
    }

    /// <summary>The orphans received in [from, to) (a missing bound is open), of one charger or all, newest first.</summary>
    public async Task<IReadOnlyList<OrphanMessage>> ListAsync(DateTimeOffset? from, DateTimeOffset? to, string? chargePointId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<OrphanRow>(new CommandDefinition(
            """
            SELECT id, charge_point_id, action, transaction_id, payload, received_at FROM orphan_messages
            WHERE (@fromMs IS NULL OR received_at >= @fromMs) AND (@toMs IS NULL OR received_at < @toMs)
              AND (@chargePointId IS NULL OR charge_point_id = @chargePointId)
            ORDER BY received_at DESC, id DESC
            """, new { fromMs = UnixTime.ToMs(from), toMs = UnixTime.ToMs(to), chargePointId }, cancellationToken: ct)))
            .Select(r => r.ToMessage()).ToList();
    }
}
