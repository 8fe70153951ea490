using OcppCentral.Admin.Sessions;
using OcppCentral.Pricing;
using OcppCentral.Sessions;
using OcppCentral.Web.Sessions;

namespace OcppCentral.Receipts;

/// <summary>
/// A driver's receipt (docs/receipts.md): what one session cost and why, and nothing beyond it — the idTag masked, no
/// other session, no admin link. The page and <c>/receipt/{token}.json</c> show the same record. While the session is
/// Active the figures and the bill are the estimate up to now (<see cref="Estimated"/>).
/// </summary>
public sealed record Receipt(
    string ChargePointId, string? ChargerName, string? ChargerAddress, int ConnectorId, string Status, bool Estimated, string IdTag,
    DateTimeOffset StartTime, DateTimeOffset? StopTime, decimal? EnergyKwh, decimal? DurationMinutes, decimal? ChargingMinutes,
    decimal? IdleMinutes, ReceiptBill? Bill, IReadOnlyList<string> Notes, ReceiptCurve Curve, DateTimeOffset IssuedAt)
{
    public static Receipt Of(SessionView s, Storage.ChargePoint? charger, IReadOnlyList<MeterSample> samples, DateTimeOffset now)
    {
        var curve = SessionCurve.From(samples, s.MeterStartWh);
        return new Receipt(s.ChargePointId, charger?.Name, charger?.Address, s.ConnectorId, s.Status, s.Estimated, MaskIdTag(s.IdTag), s.StartTime, s.StopTime, s.EnergyKwh,
            s.DurationMinutes, s.ChargingMinutes, s.IdleMinutes, s.Cost is { } c ? ReceiptBill.Of(c) : null, NotesOf(s),
            new ReceiptCurve(curve.UnixSeconds, curve.PowerKw, curve.EnergyKwh), now);
    }

    /// <summary>
    /// The idTag as a receipt shows it: all but its last characters replaced with •, revealing at most 4 and at most a
    /// quarter of it (a tag of 3 characters or fewer is not revealed at all), so the receipt cannot be used to copy a card.
    /// </summary>
    public static string MaskIdTag(string idTag)
    {
        var shown = Math.Min(4, idTag.Length / 4);
        return new string('•', Math.Max(4, idTag.Length - shown)) + idTag[(idTag.Length - shown)..];
    }

    /// <summary>In plain words, what made the bill what it is (docs/receipts.md lists each case).</summary>
    public static IReadOnlyList<string> NotesOf(SessionView s)
    {
        var notes = new List<string>();
        if (s.Estimated)
            notes.Add("The session is still running: the figures and the cost are those up to now, as if it stopped at this moment.");
        var codes = s.Anomalies.Select(a => a.Code).ToHashSet(StringComparer.Ordinal);
        if (codes.Contains(AnomalyCodes.InterruptedByReboot))
            notes.Add("The charger restarted during the session, so the session ended there and was billed from the last meter reading received before the restart.");
        else if (codes.Contains(AnomalyCodes.Superseded))
            notes.Add("A new session started on the same connector before this one was reported as stopped, so it was billed from its last meter reading.");
        else if (s.EnergySource == EnergySources.LastRegister)
            notes.Add("The charger's final meter reading was missing or could not be used, so the energy was billed from the last meter reading received during the session.");
        if (s.EnergySource == EnergySources.None && !s.Estimated)
            notes.Add("The charger reported no usable meter reading, so no energy was billed.");
        if (codes.Contains(AnomalyCodes.MeterWentBackwards) || codes.Contains(AnomalyCodes.MeterStopBelowStart))
            notes.Add("A meter reading went backwards; readings that could not be right were left out of the bill.");
        if (codes.Contains(AnomalyCodes.MeterStopMismatch))
            notes.Add("The final meter reading disagreed with the readings sent during the session; the bill uses the final reading.");
        if (codes.Contains(AnomalyCodes.ZeroEnergy) && !s.Estimated)
            notes.Add("No energy was delivered.");
        if (codes.Contains(AnomalyCodes.TimestampInFuture) || codes.Contains(AnomalyCodes.StopBeforeStart))
            notes.Add("The charger's clock was wrong during the session; times are as the charger reported them.");
        if (s.Cost is { } cost && cost.Lines.Any(l => l.Component == CostComponents.Adjustment))
            notes.Add(cost.Lines.Where(l => l.Component == CostComponents.Adjustment).Sum(l => l.Amount) > 0
                ? "The tariff has a minimum price; the adjustment line brings the bill up to it."
                : "The tariff has a maximum price; the adjustment line brings the bill down to it.");
        if (s.Cost is null && !s.Estimated)
            notes.Add("No tariff applied to this session, so it has no price.");
        return notes;
    }
}

/// <summary>A receipt's bill: each line, net, tax and total in the tariff's currency.</summary>
public sealed record ReceiptBill(string Currency, IReadOnlyList<CostLine> Lines, decimal Net, decimal Tax, decimal Total)
{
    public static ReceiptBill Of(Cost cost) => new(cost.Currency, cost.Lines, cost.Net, cost.Tax, cost.Total);
}

/// <summary>The charging curve: Unix seconds, power in kW and energy since the start in kWh (null where not read).</summary>
public sealed record ReceiptCurve(IReadOnlyList<long> T, IReadOnlyList<decimal?> PowerKw, IReadOnlyList<decimal?> EnergyKwh)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public int Count => T.Count;

    /// <summary>For the page's script, in the shape console.js draws (SoC left out: a receipt shows what was bought).</summary>
    public string ToUplotJson() => System.Text.Json.JsonSerializer.Serialize(new { t = T, power = PowerKw, energy = EnergyKwh, soc = T.Select(_ => (decimal?)null) });
}
