using System.Globalization;
using OcppCentral.Pricing;
using static OcppCentral.Tests.Pricing.PricingFixtures;

namespace OcppCentral.Tests.Pricing;

/// <summary>How much a tariff may hold and how many errors one answer carries (docs/sessions-and-pricing.md).</summary>
public partial class TariffTests
{
    private static string Minute(int minuteOfDay) =>
        new TimeOnly(0, 0).AddMinutes(minuteOfDay).ToString("HH:mm", CultureInfo.InvariantCulture);

    [Test]
    public void Validate_MaxPeriodsThatDoNotOverlap_IsValid()
    {
        var periods = Enumerable.Range(0, Tariff.MaxPeriods).Select(m => Period(["Mon"], Minute(m), Minute(m + 1), 1m)).ToArray();

        var validation = Tariff.Validate(Free with { Periods = periods });

        Assert.That(validation.Errors, Is.Empty);
        Assert.That(validation.Tariff!.Periods, Has.Count.EqualTo(Tariff.MaxPeriods));
    }

    [Test]
    public void Validate_MorePeriodsThanTheLimit_IsOneErrorOnPeriods()
    {
        var periods = Enumerable.Repeat(Period(["Mon", "Tue"], "08:00", "20:00", 1m), 5000).ToArray();

        var validation = Tariff.Validate(Free with { Periods = periods });

        Assert.That(validation.Errors, Is.EqualTo(new[] { new TariffError("periods", $"has 5000 periods; a tariff has at most {Tariff.MaxPeriods}") }));
    }

    [Test]
    public void ValidateStored_MorePeriodsThanTheLimit_KeepsATariffStoredBeforeTheLimit()
    {
        var periods = Enumerable.Range(0, Tariff.MaxPeriods + 1).Select(m => Period(["Tue"], Minute(m), Minute(m + 1), 1m)).ToArray();

        Assert.That(TariffValidator.ValidateStored(Free with { Periods = periods }).Errors, Is.Empty);
    }

    [Test]
    public void Validate_MoreDaysThanAWeekHas_IsOneErrorOnTheDays()
    {
        var days = Enumerable.Repeat("Mon", 10_000).ToArray();

        var validation = Tariff.Validate(Free with { Periods = [Period(days, "08:00", "09:00", 1m)] });

        Assert.That(validation.Errors, Is.EqualTo(new[] { new TariffError("periods[0].days", "lists 10000 days; a week has 7, each listed at most once") }));
    }

    [Test]
    public void Validate_MaxPeriodsAllOverlapping_ReportsABoundedNumberOfErrors()
    {
        var periods = Enumerable.Repeat(Period(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], "22:00", "21:00", 1m), Tariff.MaxPeriods).ToArray();

        var errors = Tariff.Validate(Free with { Periods = periods }).Errors;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors.Select(e => e.Field).Distinct().Count(), Is.LessThanOrEqualTo(TariffError.MaxFields + 1));
            Assert.That(errors.GroupBy(e => e.Field).Select(g => g.Count()), Is.All.LessThanOrEqualTo(TariffError.MaxPerField + 1));
            Assert.That(errors[0], Is.EqualTo(new TariffError("periods[1]", "overlaps periods[0] from Mon 00:00")));
            Assert.That(errors[^1], Is.EqualTo(new TariffError("$", $"and {Tariff.MaxPeriods - 1 - TariffError.MaxFields} more fields have errors; fix these first")));
        }
    }

    [Test]
    public void Capped_ManyMessagesForOneField_KeepsTheFirstAndCountsTheRest()
    {
        var errors = Enumerable.Range(0, 25).Select(i => new TariffError("periods[3]", $"overlaps periods[{i}]")).ToArray();

        var capped = TariffError.Capped(errors);

        Assert.That(capped.Select(e => e.Message), Is.EqualTo(
            errors.Take(TariffError.MaxPerField).Select(e => e.Message).Append($"and {25 - TariffError.MaxPerField} more like these")));
    }

    /// <summary>
    /// The overlap check compares neighbours only; on random tariffs it still finds every period that overlaps another
    /// (against the minutes of the week marked one by one), naming it as the field or as the period it overlaps.
    /// </summary>
    [Test]
    public void Validate_RandomPeriods_EveryOverlappingPeriodIsNamed([Range(1, 200)] int seed)
    {
        var random = new Random(seed);
        string[] week = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        var periods = new List<TariffPeriodDocument>();
        for (var count = random.Next(1, 8); periods.Count < count;)
        {
            var days = week.Where(_ => random.Next(4) == 0).ToArray();
            var from = random.Next(0, 24 * 60);
            var to = random.Next(0, 24 * 60);
            if (days.Length > 0 && from != to)
                periods.Add(Period(days, Minute(from), Minute(to), 1m));
        }

        var owner = new int[7 * 24 * 60];
        Array.Fill(owner, -1);
        var overlapping = new HashSet<int>();
        for (var index = 0; index < periods.Count; index++)
        {
            var from = TimeOnly.Parse(periods[index].From!, CultureInfo.InvariantCulture);
            var to = TimeOnly.Parse(periods[index].To!, CultureInfo.InvariantCulture);
            var length = ((to - from).Ticks + TimeSpan.TicksPerDay) % TimeSpan.TicksPerDay / TimeSpan.TicksPerMinute;
            foreach (var day in periods[index].Days!)
            {
                var start = Array.IndexOf(week, day) * 24 * 60 + from.Hour * 60 + from.Minute;
                for (var minute = start; minute < start + length; minute++)
                {
                    ref var slot = ref owner[minute % owner.Length];
                    if (slot >= 0 && slot != index)
                    {
                        overlapping.Add(slot);
                        overlapping.Add(index);
                    }
                    slot = index;
                }
            }
        }

        var named = Tariff.Validate(Free with { Periods = periods }).Errors
            .SelectMany(e => new[] { e.Field, e.Message.Split(' ')[1] })
            .Select(text => int.Parse(text["periods[".Length..^1], CultureInfo.InvariantCulture))
            .ToHashSet();

        Assert.That(named, Is.EquivalentTo(overlapping));
    }
}
