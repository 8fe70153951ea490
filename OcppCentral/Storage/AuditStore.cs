using Dapper;

namespace OcppCentral.Storage;

/// <summary>One change an operator made (docs/corrections.md): when, who (the admin key's name), what kind, the call, its answer.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Category, string Method, string Path, int Status, string? Detail);

/// <summary>The audit log: append-only rows (triggers refuse UPDATE and DELETE), written through the single writer.</summary>
public sealed class AuditStore(Database database, StorageWriter writer)
{
    public Task RecordAsync(DateTimeOffset at, string actor, string category, string method, string path, int status, string? detail,
        CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) => connection.Execute(
            """
            INSERT INTO audit_log (at, actor, category, method, path, status, detail)
            VALUES (@atMs, @actor, @category, @method, @path, @status, @detail)
            """, new { atMs = UnixTime.ToMs(at), actor, category, method, path, status, detail }, transaction), ct);

    /// <summary>The entries made in [from, to) (open bounds when null), of one actor or all, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(DateTimeOffset? from, DateTimeOffset? to, string? actor, int limit, int offset,
        CancellationToken ct)
    {
        await using var connection = database.Open();
        var rows = await connection.QueryAsync<(long Id, long At, string Actor, string Category, string Method, string Path, long Status, string? Detail)>(
            new CommandDefinition(
                """
                SELECT id, at, actor, category, method, path, status, detail FROM audit_log
                WHERE (@fromMs IS NULL OR at >= @fromMs) AND (@toMs IS NULL OR at < @toMs) AND (@actor IS NULL OR actor = @actor)
                ORDER BY at, id
                LIMIT @limit OFFSET @offset
                """, new { fromMs = UnixTime.ToMs(from), toMs = UnixTime.ToMs(to), actor, limit, offset }, cancellationToken: ct));
        return rows.Select(r => new AuditEntry(r.Id, UnixTime.FromMs(r.At), r.Actor, r.Category, r.Method, r.Path, (int)r.Status, r.Detail)).ToList();
    }
}
