using OcppCentral.Pricing;
using static OcppCentral.Tests.Pricing.PricingFixtures;

namespace OcppCentral.Tests.Pricing;

/// <summary>The tables behind the validation tests: each refusal changes one field of a valid tariff.</summary>
public partial class TariffTests
{
    private static readonly string[] Weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri"];

    private static IEnumerable<TestCaseData> Refusals()
    {
        var valid = WorkedExample;
        var peak = Period(Weekdays, "16:00", "19:00", 3m);
        TestCaseData Case(string name, TariffDocument document, string field) =>
            new TestCaseData(document, field).SetArgDisplayNames(name);
        TestCaseData PeriodCase(string name, TariffPeriodDocument period, string field) =>
            Case(name, valid with { Periods = [peak, period] }, field);

        yield return Case("id missing", valid with { Id = null }, "id");
        yield return Case("id blank", valid with { Id = "  " }, "id");
        yield return Case("name missing", valid with { Name = null }, "name");
        yield return Case("name empty", valid with { Name = "" }, "name");
        yield return Case("currency missing", valid with { Currency = null }, "currency");
        yield return Case("currency two letters", valid with { Currency = "kr" }, "currency");
        yield return Case("currency lower case", valid with { Currency = "sek" }, "currency");
        yield return Case("currency four letters", valid with { Currency = "SEKR" }, "currency");
        yield return Case("time zone missing", valid with { TimeZone = null }, "timeZone");
        yield return Case("time zone unknown", valid with { TimeZone = "Mars/Olympus_Mons" }, "timeZone");
        yield return Case("time zone a path", valid with { TimeZone = "../../etc/passwd" }, "timeZone");
        yield return Case("time zone an abbreviation", valid with { TimeZone = "CET" }, "timeZone");
        yield return Case("time zone a Windows id", valid with { TimeZone = "W. Europe Standard Time" }, "timeZone");
        yield return Case("time zone a legacy link", valid with { TimeZone = "US/Eastern" }, "timeZone");
        yield return Case("time zone an area alone", valid with { TimeZone = "Europe/" }, "timeZone");
        yield return Case("start fee negative", valid with { StartFee = -0.01m }, "startFee");
        yield return Case("start fee with 3 decimals", valid with { StartFee = 3.005m }, "startFee");
        yield return Case("minimum with 3 decimals", valid with { MinimumPrice = 10.005m }, "minimumPrice");
        yield return Case("maximum with 3 decimals", valid with { MaximumPrice = 99.999m }, "maximumPrice");
        yield return Case("energy price missing", valid with { EnergyPrice = null }, "energyPrice");
        yield return Case("energy price negative", valid with { EnergyPrice = -1m }, "energyPrice");
        yield return Case("energy price absurd", valid with { EnergyPrice = 1e12m }, "energyPrice");
        yield return Case("time price negative", valid with { TimePrice = -0.05m }, "timePrice");
        yield return Case("idle fee without price", valid with { IdleFee = new IdleFeeDocument { GraceMinutes = 10m } }, "idleFee.perMinute");
        yield return Case("idle fee negative", valid with { IdleFee = new IdleFeeDocument { PerMinute = -1m } }, "idleFee.perMinute");
        yield return Case("grace negative", valid with { IdleFee = new IdleFeeDocument { PerMinute = 1m, GraceMinutes = -5m } }, "idleFee.graceMinutes");
        yield return Case("minimum negative", valid with { MinimumPrice = -1m }, "minimumPrice");
        yield return Case("maximum below minimum", valid with { MinimumPrice = 10m, MaximumPrice = 5m }, "maximumPrice");
        yield return Case("maximum negative", valid with { MaximumPrice = -1m }, "maximumPrice");
        yield return Case("tax missing", valid with { TaxPercent = null }, "taxPercent");
        yield return Case("tax negative", valid with { TaxPercent = -1m }, "taxPercent");
        yield return Case("tax above 100", valid with { TaxPercent = 100.01m }, "taxPercent");
        yield return Case("period null", valid with { Periods = [peak, null] }, "periods[1]");
        yield return PeriodCase("days missing", peak with { Days = null }, "periods[1].days");
        yield return PeriodCase("days empty", peak with { Days = [] }, "periods[1].days");
        yield return PeriodCase("day unknown", Period(["Sat", "Funday"], "10:00", "12:00", 1m), "periods[1].days[1]");
        yield return PeriodCase("day lower case", Period(["sat"], "10:00", "12:00", 1m), "periods[1].days[0]");
        yield return PeriodCase("day null", peak with { Days = ["Sat", null] }, "periods[1].days[1]");
        yield return PeriodCase("day twice", Period(["Sat", "Sat"], "10:00", "12:00", 1m), "periods[1].days[1]");
        yield return PeriodCase("from missing", Period(["Sat"], null!, "12:00", 1m), "periods[1].from");
        foreach (var bad in new[] { "25:00", "24:00", "7:00", "07:60", "ab:cd", "07:00:00", "07.00", "" })
        {
            yield return PeriodCase($"from '{bad}'", Period(["Sat"], bad, "12:00", 1m), "periods[1].from");
            yield return PeriodCase($"to '{bad}'", Period(["Sat"], "10:00", bad, 1m), "periods[1].to");
        }

        yield return PeriodCase("from equals to", Period(["Sat"], "10:00", "10:00", 1m), "periods[1].to");
        yield return PeriodCase("period price missing", peak with { Days = ["Sat"], EnergyPrice = null }, "periods[1].energyPrice");
        yield return PeriodCase("period price negative", Period(["Sat"], "10:00", "12:00", -1m), "periods[1].energyPrice");
        yield return PeriodCase("overlaps same day", Period(["Tue"], "18:00", "20:00", 1m), "periods[1]");
        yield return PeriodCase("contains another", Period(["Wed"], "08:00", "20:00", 1m), "periods[1]");
        yield return PeriodCase("overnight into next day's period", Period(["Mon"], "22:00", "16:30", 1m), "periods[1]");
        yield return PeriodCase("overnight from Sunday into Monday", Period(["Sun"], "20:00", "17:00", 1m), "periods[1]");
        yield return Case("two overnights", valid with { Periods = [Period(["Mon"], "22:00", "06:00", 1m), Period(["Mon"], "23:00", "01:00", 1m)] }, "periods[1]");
        yield return Case("night into morning", valid with { Periods = [Period(["Mon"], "22:00", "06:00", 1m), Period(["Tue"], "05:00", "07:00", 1m)] }, "periods[1]");
        yield return Case("third overlaps first", valid with { Periods = [peak, Period(["Sat"], "10:00", "12:00", 1m), Period(["Fri"], "18:59", "19:30", 1m)] }, "periods[2]");
    }

    private static IEnumerable<TestCaseData> Acceptances()
    {
        TestCaseData Case(string name, params TariffPeriodDocument[] periods) =>
            new TestCaseData(WorkedExample with { Periods = periods }).SetArgDisplayNames(name);

        yield return Case("no periods");
        yield return Case("adjacent periods", Period(Weekdays, "16:00", "19:00", 3m), Period(Weekdays, "19:00", "22:00", 2m));
        yield return Case("night then morning", Period(["Mon"], "22:00", "06:00", 1m), Period(["Tue"], "06:00", "08:00", 2m));
        yield return Case("same hours on other days", Period(["Mon"], "10:00", "12:00", 1m), Period(["Tue"], "10:00", "12:00", 2m));
        yield return Case("Sunday night then Monday morning", Period(["Sun"], "22:00", "06:00", 1m), Period(["Mon"], "06:00", "07:00", 2m));
        yield return Case("evening to midnight then after midnight", Period(["Mon"], "18:00", "00:00", 1m), Period(["Tue"], "00:00", "06:00", 2m));
        yield return Case("every night", Period(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], "22:00", "06:00", 1m));
        yield return Case("almost a whole day", Period(["Sat"], "00:00", "23:59", 0m));
        yield return new TestCaseData(WorkedExample with { TaxPercent = 0m, MaximumPrice = 0m }).SetArgDisplayNames("zero tax and zero cap");
        yield return new TestCaseData(WorkedExample with { TaxPercent = 100m, TimeZone = "UTC" }).SetArgDisplayNames("tax 100 in UTC");
        yield return new TestCaseData(WorkedExample with { TimeZone = "Etc/GMT-1" }).SetArgDisplayNames("an Etc zone");
        yield return new TestCaseData(WorkedExample with { TimeZone = "America/Argentina/Buenos_Aires" }).SetArgDisplayNames("a three-part id");
        yield return new TestCaseData(WorkedExample with { StartFee = 3.5m, MinimumPrice = 10.10m, MaximumPrice = 100m })
            .SetArgDisplayNames("amounts with up to 2 decimals");
        yield return new TestCaseData(WorkedExample with { EnergyPrice = 2.4875m, TimePrice = 0.0125m })
            .SetArgDisplayNames("unit prices with more decimals");
    }
}
