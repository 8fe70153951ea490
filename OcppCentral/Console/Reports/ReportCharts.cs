using System.Text.Json;
using OcppCentral.Admin.Reports;

namespace OcppCentral.Web.Reports;

/// <summary>The daily report as Chart.js specs: sessions, energy, revenue (net and gross per currency), utilization.</summary>
public static class ReportCharts
{
    public static string Sessions(DailyReport r) => Bars(r, ("Sessions", "#0b5cad", r.Days.Select(d => (decimal?)d.Sessions)));

    public static string Energy(DailyReport r) => Bars(r, ("Energy (kWh)", "#1a7f37", r.Days.Select(d => (decimal?)d.EnergyKwh)));

    public static string Utilization(DailyReport r) => Bars(r, ("Utilization (%)", "#9a6700", r.Days.Select(d => d.UtilizationPercent)));

    public static string Revenue(DailyReport r)
    {
        var currencies = r.Days.SelectMany(d => d.Revenue.Select(x => x.Currency)).Distinct().Order(StringComparer.Ordinal).ToList();
        var series = currencies.SelectMany(c => new[]
        {
            ($"Net ({c})", "#8aa4c1", r.Days.Select(d => (decimal?)d.Revenue.Where(x => x.Currency == c).Sum(x => x.Net))),
            ($"Gross ({c})", "#0b5cad", r.Days.Select(d => (decimal?)d.Revenue.Where(x => x.Currency == c).Sum(x => x.Gross))),
        }).ToArray();
        return Bars(r, series);
    }

    private static string Bars(DailyReport r, params (string Label, string Color, IEnumerable<decimal?> Data)[] series) =>
        JsonSerializer.Serialize(new
        {
            type = "bar",
            labels = r.Days.Select(d => d.Date),
            datasets = series.Select(s => new { label = s.Label, data = s.Data, backgroundColor = s.Color }),
        });
}
