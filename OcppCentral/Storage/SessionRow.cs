using System.Text.Json;
using System.Text.Json.Serialization;
using OcppCentral.Pricing;

namespace OcppCentral.Storage;

/// <summary>A row of <c>sessions</c>. Computed figures are NUMERIC columns read back as decimal.</summary>
internal sealed class SessionRow
{
    /// <summary>How a session's cost is kept in its <c>cost</c> column.</summary>
    public static readonly JsonSerializerOptions CostJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public long TransactionId { get; init; }
    public string ChargePointId { get; init; } = "";
    public long ConnectorId { get; init; }
    public string IdTag { get; init; } = "";
    public long? ReservationId { get; init; }
    public long StartTime { get; init; }
    public long MeterStartWh { get; init; }
    public string Status { get; init; } = "";
    public long? StopTime { get; init; }
    public long? MeterStopWh { get; init; }
    public string? StopReason { get; init; }
    public string? StopIdTag { get; init; }
    public string? TariffId { get; init; }
    public decimal? EnergyWh { get; init; }
    public string? EnergySource { get; init; }
    public decimal? DurationMinutes { get; init; }
    public decimal? ChargingMinutes { get; init; }
    public decimal? IdleMinutes { get; init; }
    public decimal? MaxPowerKw { get; init; }
    public decimal? AveragePowerKw { get; init; }
    public decimal? SocStartPercent { get; init; }
    public decimal? SocEndPercent { get; init; }
    public string? Cost { get; init; }
    public long Version { get; init; }
    public long Corrected { get; init; }
    public decimal? Credit { get; init; }
    public long Voided { get; init; }
    public long? TariffVersion { get; init; }
    public long SampleCount { get; init; }
    public string? ReceiptToken { get; init; }
    public long AwaitingChargerStop { get; init; }

    /// <summary>Every column but the pinned tariff's document, which only the estimate and the close read.</summary>
    public const string Columns =
        """
        transaction_id, charge_point_id, connector_id, id_tag, reservation_id, start_time, meter_start_wh, status, stop_time,
        meter_stop_wh, stop_reason, stop_id_tag, tariff_id, energy_wh, energy_source, duration_minutes, charging_minutes,
        idle_minutes, max_power_kw, average_power_kw, soc_start_percent, soc_end_percent, cost, version, corrected, credit, voided, tariff_version, sample_count,
        receipt_token, awaiting_charger_stop
        """;

    public StoredSession ToSession() => new(TransactionId, ChargePointId, (int)ConnectorId, IdTag, (int?)ReservationId,
        UnixTime.FromMs(StartTime), MeterStartWh, Status, UnixTime.FromMs(StopTime), MeterStopWh, StopReason, StopIdTag, TariffId,
        EnergyWh, EnergySource, DurationMinutes, ChargingMinutes, IdleMinutes, MaxPowerKw, AveragePowerKw, SocStartPercent, SocEndPercent,
        ReadCost(Cost), SampleCount, (int)Version, Corrected != 0, Credit, Voided != 0, (int?)TariffVersion, ReceiptToken, AwaitingChargerStop != 0);

    public static Cost? ReadCost(string? json) => json is null ? null : JsonSerializer.Deserialize<Cost>(json, CostJson);
}
