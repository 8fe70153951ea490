using Dapper;

namespace OcppCentral.Storage;

/// <summary>The charger_displays table: each charger's cost-display setting and what its configuration said (docs/charger-display.md).</summary>
public sealed class ChargerDisplayStore(Database database, StorageWriter writer)
{
    public async Task<ChargerDisplay> FindAsync(string chargePointId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT * FROM charger_displays WHERE charge_point_id = @chargePointId", new { chargePointId }, cancellationToken: ct));
        return row?.ToDisplay() ?? ChargerDisplay.None(chargePointId);
    }

    public async Task<IReadOnlyDictionary<string, ChargerDisplay>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition("SELECT * FROM charger_displays", cancellationToken: ct));
        return rows.Select(r => r.ToDisplay()).ToDictionary(d => d.ChargePointId, StringComparer.Ordinal);
    }

    /// <summary>The operator's setting: true, false, or null for automatic.</summary>
    public Task<ChargerDisplay> SetAsync(string chargePointId, bool? setting, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) =>
        {
            connection.Execute(
                """
                INSERT INTO charger_displays (charge_point_id, setting) VALUES (@chargePointId, @setting)
                ON CONFLICT (charge_point_id) DO UPDATE SET setting = excluded.setting
                """, new { chargePointId, setting }, transaction);
            return connection.QuerySingle<Row>("SELECT * FROM charger_displays WHERE charge_point_id = @chargePointId",
                new { chargePointId }, transaction).ToDisplay();
        }, ct);

    /// <summary>What GetConfiguration answered after a boot; a key the charger did not report is stored as null.</summary>
    public Task<ChargerDisplay> RecordReadAsync(string chargePointId, bool? supported, int? decimals, string? language, DateTimeOffset readAt,
        CancellationToken ct)
    {
        var readAtMs = UnixTime.ToMs(readAt);
        return writer.WriteAsync((connection, transaction) =>
        {
            connection.Execute(
                """
                INSERT INTO charger_displays (charge_point_id, supported, decimals, language, read_at)
                VALUES (@chargePointId, @supported, @decimals, @language, @readAtMs)
                ON CONFLICT (charge_point_id) DO UPDATE SET
                    supported = excluded.supported, decimals = excluded.decimals, language = excluded.language, read_at = excluded.read_at
                """, new { chargePointId, supported, decimals, language, readAtMs }, transaction);
            return connection.QuerySingle<Row>("SELECT * FROM charger_displays WHERE charge_point_id = @chargePointId",
                new { chargePointId }, transaction).ToDisplay();
        }, ct);
    }

    private sealed class Row
    {
        public string ChargePointId { get; init; } = "";
        public long? Setting { get; init; }
        public long? Supported { get; init; }
        public long? Decimals { get; init; }
        public string? Language { get; init; }
        public long? ReadAt { get; init; }

        public ChargerDisplay ToDisplay() => new(ChargePointId, Setting is { } s ? s != 0 : null, Supported is { } k ? k != 0 : null,
            Decimals is { } d ? (int)d : null, Language, UnixTime.FromMs(ReadAt));
    }
}
