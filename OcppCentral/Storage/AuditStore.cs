using System.Data.Common;
using Dapper;

namespace OcppCentral.Storage;

/// <summary>One change an operator made (docs/corrections.md): when, who (the admin key's name), what kind, the call, its answer.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Category, string Method, string Path, int Status, string? Detail);

/// <summary>
/// The audit log: append-only rows (triggers refuse UPDATE and DELETE). A row is appended only by the write that makes the
/// change it describes, inside that write's transaction (<see cref="Append"/>), never on its own.
/// </summary>
public sealed class AuditStore(Database database)
{
    /// <summary>Appends <paramref name="draft"/> in the transaction of the change it describes, with what the change did (<paramref name="detail"/>).</summary>
    internal static void Append(DbConnection connection, DbTransaction transaction, AuditDraft draft, string? detail) =>
        connection.Execute(
            """
            INSERT INTO audit_log (at, actor, category, method, path, status, detail)
            VALUES (@atMs, @Actor, @Category, @Method, @Path, @Status, @detail)
            """, new { atMs = UnixTime.ToMs(draft.At), draft.Actor, draft.Category, draft.Method, draft.Path, draft.Status, detail }, transaction);

    /// <summary>The entries made in [from, to) (open bounds when null), of one actor or all, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(DateTimeOffset? from, DateTimeOffset? to, string? actor, int limit, int offset,
        CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
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
