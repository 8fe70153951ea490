using System.Data.Common;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace OcppCentral.Storage;

/// <summary>
/// Commands asked for through one instance for a charger another instance holds (docs/deployment.md, command routing): the
/// command is written with the instance that is to send it and the one waiting for it, and notified in the same
/// transaction; the holder takes it (once), sends it, and its completion notifies the caller. The payload as sent (a new
/// AuthorizationKey included) is kept only until the command ends; <c>request</c> keeps the redacted one as always.
/// </summary>
public sealed partial class CommandStore
{
    /// <returns>The command's id.</returns>
    public Task<long> InsertRoutedAsync(string chargePointId, string action, string request, string payload, string targetInstance,
        string callerInstance, DateTimeOffset requestedAt, AuditDraft? audit, CancellationToken ct)
    {
        var requestedAtMs = UnixTime.ToMs(requestedAt);
        var auditJson = audit is null ? null : JsonSerializer.Serialize(audit);
        return writer.WriteAsync((connection, transaction) =>
        {
            var id = connection.ExecuteScalar<long>(
                $"""
                INSERT INTO commands (charge_point_id, action, request, outcome, requested_at, payload, target_instance, caller_instance, audit)
                VALUES (@chargePointId, @action, @request, '{CommandRecord.Pending}', @requestedAtMs, @payload, @targetInstance, @callerInstance, @auditJson)
                RETURNING id
                """, new { chargePointId, action, request, requestedAtMs, payload, targetInstance, callerInstance, auditJson }, transaction);
            ClusterStore.Notify(connection, transaction, ClusterStore.CommandsChannel, $"{id} {targetInstance}");
            return id;
        }, ct);
    }

    /// <summary>Takes a command routed to <paramref name="instanceId"/>: only the first of a notification and a sweep gets it.</summary>
    /// <returns>The command to send, or null when it is taken already, ended, or routed elsewhere.</returns>
    public Task<RoutedCommand?> TakeAsync(long id, string instanceId, DateTimeOffset now, CancellationToken ct)
    {
        var nowMs = UnixTime.ToMs(now);
        return writer.WriteAsync((connection, transaction) =>
        {
            var row = connection.QuerySingleOrDefault<(string? ChargePointId, string Action, string Payload, string? Audit)>(
                $"""
                UPDATE commands SET taken_at = @nowMs
                WHERE id = @id AND target_instance = @instanceId AND taken_at IS NULL AND outcome = '{CommandRecord.Pending}'
                RETURNING charge_point_id, action, payload, audit
                """, new { id, instanceId, nowMs }, transaction);
            return row.ChargePointId is { } chargePointId
                ? new RoutedCommand(id, chargePointId, row.Action, row.Payload, row.Audit is null ? null : JsonSerializer.Deserialize<AuditDraft>(row.Audit))
                : null;
        }, ct);
    }

    /// <summary>The charger moved before its instance took the command: it goes on to the instance holding it now.</summary>
    public Task RerouteAsync(long id, string targetInstance, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) =>
        {
            connection.Execute("UPDATE commands SET target_instance = @targetInstance, taken_at = NULL WHERE id = @id",
                new { id, targetInstance }, transaction);
            ClusterStore.Notify(connection, transaction, ClusterStore.CommandsChannel, $"{id} {targetInstance}");
            return true;
        }, ct);

    /// <summary>Commands routed to <paramref name="instanceId"/> and not taken yet (the sweep for a lost notification).</summary>
    public async Task<IReadOnlyList<long>> UntakenAsync(string instanceId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<long>(new CommandDefinition(
            $"SELECT id FROM commands WHERE target_instance = @instanceId AND taken_at IS NULL AND outcome = '{CommandRecord.Pending}'",
            new { instanceId }, cancellationToken: ct))).ToList();
    }

    /// <summary>Of the given commands, those that have ended, with how.</summary>
    public async Task<IReadOnlyList<CommandRecord>> EndedAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<CommandRow>(new CommandDefinition(
            $"SELECT * FROM commands WHERE id = ANY(@ids) AND outcome <> '{CommandRecord.Pending}'",
            new { ids = ids.ToArray() }, cancellationToken: ct))).Select(r => r.ToRecord()).ToList();
    }

    /// <summary>On PostgreSQL, tells the instance waiting for a routed command that it has ended (at commit, with the row).</summary>
    private static void NotifyCaller(DbConnection connection, DbTransaction transaction, long id)
    {
        if (connection is not NpgsqlConnection)
            return;
        connection.Execute(
            $"""
            SELECT pg_notify('{ClusterStore.AnswersChannel}', id || ' ' || caller_instance)
            FROM commands WHERE id = @id AND caller_instance IS NOT NULL
            """, new { id }, transaction);
    }
}
