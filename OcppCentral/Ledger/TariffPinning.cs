using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using OcppCentral.Pricing;
using OcppCentral.Storage;

namespace OcppCentral.Ledger;

/// <summary>
/// SPEC 5: a session is priced with the tariff in force when it started (the charger's assigned tariff, else
/// `default`). The session keeps a copy of that tariff's document, so editing the tariff later changes neither
/// a closed session nor one still running.
/// </summary>
public static class TariffPinning
{
    public static (string? TariffId, string? Document) Resolve(SqliteConnection connection, SqliteTransaction transaction, string chargePointId)
    {
        var assigned = connection.QuerySingleOrDefault<string?>("SELECT tariff_id FROM charge_points WHERE id = @chargePointId",
            new { chargePointId }, transaction);
        foreach (var id in new[] { assigned, TariffStore.DefaultTariffId })
        {
            if (id is null)
                continue;
            var document = connection.QuerySingleOrDefault<string?>("SELECT document FROM tariffs WHERE id = @id", new { id }, transaction);
            if (document is not null)
                return (id, document);
        }
        return (null, null);
    }

    public static TariffDocument? Read(string? document) =>
        document is null ? null : JsonSerializer.Deserialize<TariffDocument>(document, TariffStore.Json);
}
