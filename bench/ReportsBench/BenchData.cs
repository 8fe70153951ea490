using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using OcppCentral.Storage;

namespace ChargeMonitor.Bench;

/// <summary>
/// A year of a mid-sized network, written straight into the schema in one transaction: 200 chargers, 5,000 idTags,
/// sessions of 10–120 minutes with their pinned tariff and cost JSON (what makes a session row ~1.5 KB), the last
/// 1 % still Active, a tenth of the chargers priced in EUR; feedback on a fifth of the sessions, anomalies on one in
/// twenty, and 1,000 orphan messages. Random but seeded, so every run measures the same data.
/// </summary>
internal static class BenchData
{
    public const int ChargePoints = 200;
    public const int IdTags = 5_000;
    public const int Orphans = 1_000;
    public static readonly DateTimeOffset Start = new(2025, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Categories = ["Signage", "ChargingSpeed", "Reliability", "Payment", "Support", "Other"];
    private static readonly string[] Codes = ["MeterWentBackwards", "MeterStopMismatch", "ZeroEnergy", "TimestampInFuture", "InterruptedByReboot"];

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Fill(Database database, int sessionCount)
    {
        var random = new Random(42);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var tariff = connection.QuerySingle<string>("SELECT document FROM tariffs WHERE id = 'default'", transaction: transaction);
        for (var c = 0; c < ChargePoints; c++)
            connection.Execute("INSERT INTO charge_points (id, vendor, model, registered_at) VALUES (@id, 'Bench', 'B1', 0)",
                new { id = ChargePoint(c) }, transaction);

        var session = Command(connection, transaction,
            """
            INSERT INTO sessions (charge_point_id, connector_id, id_tag, start_time, meter_start_wh, status, stop_time, meter_stop_wh,
                stop_reason, tariff_id, tariff_document, energy_wh, energy_source, duration_minutes, charging_minutes, idle_minutes,
                cost, currency, total_minor, anomaly_count, created_at, closed_at)
            VALUES ($cp, $connector, $tag, $start, 0, $status, $stop, $energy, 'EVDisconnected', 'default', $tariff, $energy, 'meterStop',
                $minutes, $minutes, 0, $cost, $currency, $total, $anomalies, $start, $stop)
            """, "$cp", "$connector", "$tag", "$start", "$status", "$stop", "$energy", "$tariff", "$minutes", "$cost", "$currency", "$total", "$anomalies");
        var anomaly = Command(connection, transaction,
            "INSERT INTO session_anomalies (transaction_id, code, detail, detected_at) VALUES ($id, $code, $detail, 0)", "$id", "$code", "$detail");
        var feedback = Command(connection, transaction,
            "INSERT INTO feedback (transaction_id, rating, category, comment, created_at) VALUES ($id, $rating, $category, $comment, 0)",
            "$id", "$rating", "$category", "$comment");

        var span = TimeSpan.FromDays(365) / sessionCount;
        int anomalies = 0, feedbacks = 0;
        for (var i = 0; i < sessionCount; i++)
        {
            var charger = random.Next(ChargePoints);
            var start = Start + span * i + TimeSpan.FromSeconds(random.Next(600));
            var minutes = random.Next(10, 121);
            var active = i >= sessionCount * 99 / 100;
            var energyWh = random.Next(0, 60_001);
            var totalMinor = 500 + energyWh / 4 + minutes * 10;
            var currency = charger % 10 == 0 ? "EUR" : "SEK";
            var anomalyCount = random.Next(20) == 0 ? 1 + random.Next(2) : 0;
            var id = Insert(session, ChargePoint(charger), 1 + random.Next(2), $"TAG-{random.Next(IdTags):D5}", start.ToUnixTimeMilliseconds(),
                active ? "Active" : "Completed", active ? null : start.AddMinutes(minutes).ToUnixTimeMilliseconds(), active ? null : energyWh,
                tariff, active ? null : minutes, active ? null : Cost(currency, energyWh, minutes, totalMinor), active ? null : currency,
                active ? null : totalMinor, anomalyCount);
            for (var a = 0; a < anomalyCount; a++, anomalies++)
                Insert(anomaly, id, Codes[(i + a) % Codes.Length],
                    $"Bench anomaly {a} of session {id}: a reading of {energyWh} Wh at {Iso(start)} did not fit; check the meter and the charger's clock.");
            if (random.Next(5) == 0)
            {
                feedbacks++;
                Insert(feedback, id, 1 + Math.Min(4, random.Next(6)), Categories[random.Next(Categories.Length)],
                    random.Next(2) == 0 ? null : "The charger worked, but the cable was short and the screen hard to read in the sun.");
            }
        }
        for (var o = 0; o < Orphans; o++)
            connection.Execute(
                """
                INSERT INTO orphan_messages (charge_point_id, action, transaction_id, content_key, payload, received_at)
                VALUES (@cp, 'StopTransaction', '-1', @key, @payload, @at)
                """,
                new
                {
                    cp = ChargePoint(o % ChargePoints), key = $"bench-{o}", at = (Start + TimeSpan.FromDays(365) * o / Orphans).ToUnixTimeMilliseconds(),
                    payload = $$"""{"meterStop":{{o}},"timestamp":"2026-01-01T00:00:00Z","transactionId":-1}""",
                }, transaction);
        transaction.Commit();
        return string.Create(CultureInfo.InvariantCulture,
            $"{sessionCount:N0} sessions on {ChargePoints} chargers, {feedbacks:N0} feedback, {anomalies:N0} anomalies, {Orphans:N0} orphans");
    }

    public static void DropReportIndexes(Database database)
    {
        using var connection = database.Open();
        connection.Execute("DROP INDEX ix_sessions_report; DROP INDEX ix_sessions_busy; DROP INDEX ix_sessions_anomalous;");
    }

    private static string ChargePoint(int index) => $"CP-{index:D4}";

    private static string Cost(string currency, int energyWh, int minutes, int totalMinor) =>
        string.Create(CultureInfo.InvariantCulture,
            $$"""{"tariffId":"default","currency":"{{currency}}","lines":[{"component":"start","quantity":1,"unit":"session","unitPrice":5.00,"amount":5.00},{"component":"energy","quantity":{{energyWh / 1000m}},"unit":"kWh","unitPrice":2.50,"amount":{{energyWh / 400m:0.00}}},{"component":"time","quantity":{{minutes}},"unit":"min","unitPrice":0.10,"amount":{{minutes / 10m:0.00}}}],"net":{{totalMinor / 125m:0.00}},"tax":{{totalMinor / 500m:0.00}},"total":{{totalMinor / 100m:0.00}}}""");

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names)
            command.Parameters.Add(new SqliteParameter(name, null));
        command.Prepare();
        return command;
    }

    private static long Insert(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
        return command.Connection!.ExecuteScalar<long>("SELECT last_insert_rowid()", transaction: command.Transaction);
    }
}
