using System.Text.Json;
using OcppCentral.Admin;
using OcppCentral.Admin.Tariffs;
using OcppCentral.Pricing;

namespace OcppCentral.Web.Tariffs;

/// <summary>The what-if as Chart.js bars: per charger and in total, actual gross (in the candidate's currency) against candidate gross.</summary>
public static class WhatIfChart
{
    /// <param name="result">A what-if with a candidate tariff (the console's), so every line has a candidate in its currency.</param>
    public static string Json(TariffSimulationResult result)
    {
        var lines = result.ChargePoints.Append(result.Total).ToList();
        var currency = result.Total.Candidate?.Currency ?? "";
        static decimal Actual(RevenueComparison c, string currency) => c.Actual.Where(a => a.Currency == currency).Sum(a => a.Total);
        return JsonSerializer.Serialize(new
        {
            type = "bar",
            labels = lines.Select(l => l.ChargePointId ?? "All chargers"),
            datasets = new object[]
            {
                new { label = $"Actual gross ({currency})", data = lines.Select(l => Actual(l, currency)), backgroundColor = "#8aa4c1" },
                new { label = $"Candidate gross ({currency})", data = lines.Select(l => l.Candidate?.Total ?? 0m), backgroundColor = "#0b5cad" },
            },
        });
    }
}
