using Dapper;
using OcppCentral.Storage;

namespace OcppCentral.Admin;

/// <summary>
/// DELETE /api/tariffs/{id}: a tariff that chargers are assigned to is refused, with those chargers named, rather than
/// leaving them to fall back silently to <c>default</c> (or to no price at all). The check and the delete are one write,
/// so no assignment made through the writer can slip in between. Deleting <c>default</c> is allowed: chargers without an
/// assignment then start sessions with no tariff, which close with cost null and the anomaly NoTariff. Sessions already
/// started keep the copy of the tariff they were pinned to.
/// </summary>
internal static class TariffDeletion
{
    public enum Outcome
    {
        Deleted,
        NotFound,
        Assigned,
    }

    public static Task<(Outcome Outcome, IReadOnlyList<string> ChargePointIds)> DeleteAsync(StorageWriter writer, string id, CancellationToken ct) =>
        writer.WriteAsync<(Outcome, IReadOnlyList<string>)>((connection, transaction) =>
        {
            if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM tariffs WHERE id = @id", new { id }, transaction) == 0)
                return (Outcome.NotFound, []);
            var assigned = connection.Query<string>("SELECT id FROM charge_points WHERE tariff_id = @id ORDER BY id", new { id }, transaction).AsList();
            if (assigned.Count > 0)
                return (Outcome.Assigned, assigned);
            connection.Execute("DELETE FROM tariffs WHERE id = @id", new { id }, transaction);
            return (Outcome.Deleted, []);
        }, ct);
}
