using System.Globalization;
using OcppCentral.Pricing;

namespace OcppCentral.Web.Tariffs;

/// <summary>
/// A tariff as the console's form holds it: the text of every field, so a wrong value is shown back as typed beside its
/// error. Field names are the paths the validator reports (<c>idleFee.perMinute</c>, <c>periods[1].from</c>).
/// </summary>
public sealed class TariffForm
{
    public const int BlankPeriods = 2;

    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);
    public List<PeriodRow> Periods { get; } = [];

    public sealed record PeriodRow(string Days, string From, string To, string EnergyPrice)
    {
        public bool IsBlank => Days.Length == 0 && From.Length == 0 && To.Length == 0 && EnergyPrice.Length == 0;
    }

    public static readonly string[] Scalars =
        ["id", "name", "currency", "timeZone", "startFee", "energyPrice", "timePrice", "idleFee.perMinute", "idleFee.graceMinutes",
         "minimumPrice", "maximumPrice", "taxPercent"];

    public string this[string field] => Values.GetValueOrDefault(field, "");

    /// <summary>The rows to show: the filled ones and a few blank ones to add periods without scripts.</summary>
    public IEnumerable<PeriodRow> RowsToShow => Periods.Concat(Enumerable.Repeat(new PeriodRow("", "", "", ""), BlankPeriods));

    public static TariffForm From(TariffDocument document)
    {
        var form = new TariffForm();
        static string N(decimal? d) => d?.ToString(CultureInfo.InvariantCulture) ?? "";
        form.Values["id"] = document.Id ?? "";
        form.Values["name"] = document.Name ?? "";
        form.Values["currency"] = document.Currency ?? "";
        form.Values["timeZone"] = document.TimeZone ?? "";
        form.Values["startFee"] = N(document.StartFee);
        form.Values["energyPrice"] = N(document.EnergyPrice);
        form.Values["timePrice"] = N(document.TimePrice);
        form.Values["idleFee.perMinute"] = N(document.IdleFee?.PerMinute);
        form.Values["idleFee.graceMinutes"] = N(document.IdleFee?.GraceMinutes);
        form.Values["minimumPrice"] = N(document.MinimumPrice);
        form.Values["maximumPrice"] = N(document.MaximumPrice);
        form.Values["taxPercent"] = N(document.TaxPercent);
        foreach (var p in document.Periods ?? [])
            form.Periods.Add(new PeriodRow(string.Join(",", p?.Days ?? []), p?.From ?? "", p?.To ?? "", N(p?.EnergyPrice)));
        return form;
    }

    /// <summary>Reads the posted form; blank period rows are dropped, so the rows shown again line up with the validator's indexes.</summary>
    public static TariffForm Read(IFormCollection posted)
    {
        var form = new TariffForm();
        foreach (var field in Scalars)
            form.Values[field] = posted[field].ToString().Trim();
        for (var i = 0; posted.ContainsKey($"periods[{i}].from"); i++)
        {
            var row = new PeriodRow(posted[$"periods[{i}].days"].ToString().Trim(), posted[$"periods[{i}].from"].ToString().Trim(),
                posted[$"periods[{i}].to"].ToString().Trim(), posted[$"periods[{i}].energyPrice"].ToString().Trim());
            if (!row.IsBlank)
                form.Periods.Add(row);
        }
        return form;
    }

    /// <summary>The document to validate, and the fields whose text is not a number (the validator never sees those).</summary>
    public (TariffDocument Document, Dictionary<string, string> NumberErrors) ToDocument()
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        decimal? Number(string field, string text)
        {
            if (text.Length == 0)
                return null;
            // No thousands separators: "3,20" typed by someone used to a decimal comma must not become 320.
            if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                return value;
            errors[field] = $"'{text}' is not a number; write it like 2.50.";
            return null;
        }
        string? Text(string field) => this[field].Length == 0 ? null : this[field];

        var perMinute = Number("idleFee.perMinute", this["idleFee.perMinute"]);
        var grace = Number("idleFee.graceMinutes", this["idleFee.graceMinutes"]);
        var document = new TariffDocument
        {
            Id = Text("id"), Name = Text("name"), Currency = Text("currency"), TimeZone = Text("timeZone"),
            StartFee = Number("startFee", this["startFee"]), EnergyPrice = Number("energyPrice", this["energyPrice"]),
            TimePrice = Number("timePrice", this["timePrice"]),
            IdleFee = this["idleFee.perMinute"].Length == 0 && this["idleFee.graceMinutes"].Length == 0
                ? null : new IdleFeeDocument { PerMinute = perMinute, GraceMinutes = grace },
            MinimumPrice = Number("minimumPrice", this["minimumPrice"]), MaximumPrice = Number("maximumPrice", this["maximumPrice"]),
            TaxPercent = Number("taxPercent", this["taxPercent"]),
            Periods = Periods.Count == 0 ? null : Periods.Select((p, i) => (TariffPeriodDocument?)new TariffPeriodDocument
            {
                Days = p.Days.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                From = p.From.Length == 0 ? null : p.From, To = p.To.Length == 0 ? null : p.To,
                EnergyPrice = Number($"periods[{i}].energyPrice", p.EnergyPrice),
            }).ToList(),
        };
        return (document, errors);
    }
}
