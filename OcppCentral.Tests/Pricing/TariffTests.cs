using OcppCentral.Pricing;
using static OcppCentral.Tests.Pricing.PricingFixtures;

namespace OcppCentral.Tests.Pricing;

/// <summary>Validation (docs/sessions-and-pricing.md; the admin API answers a bad PUT with 400 and these errors).</summary>
public partial class TariffTests
{
    [TestCaseSource(nameof(Refusals))]
    public void Validate_RefusedField_IsNamedInTheErrors(TariffDocument document, string field)
    {
        var validation = Tariff.Validate(document);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(validation.IsValid, Is.False);
            Assert.That(validation.Tariff, Is.Null);
            Assert.That(validation.Errors.Select(error => error.Field), Is.Not.Empty.And.All.EqualTo(field));
            Assert.That(validation.Errors.Select(error => error.Message), Is.All.Not.Empty);
        }
    }

    [TestCaseSource(nameof(Acceptances))]
    public void Validate_AcceptableTariff_IsValid(TariffDocument document)
    {
        var validation = Tariff.Validate(document);

        Assert.That(validation.Errors, Is.Empty);
        Assert.That(validation.Tariff, Is.Not.Null);
    }

    [Test]
    public void Validate_SeveralMistakes_ReportsEveryOne()
    {
        var document = WorkedExample with { Id = null, Currency = "kronor", Periods = [Period(["Mon"], "9", "10:00", 1m)] };

        var validation = Tariff.Validate(document);

        Assert.That(validation.Errors.Select(error => error.Field), Is.EqualTo(new[] { "id", "currency", "periods[0].from" }));
    }

    [Test]
    public void FromStored_DocumentStoredBeforeTheNewerRules_StillMakesATariff()
    {
        // A session's pinned copy may predate the 2-decimal and IANA-only rules; its session must still be priced.
        var stored = WorkedExample with { TimeZone = "CET", MinimumPrice = 10.005m };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Tariff.Validate(stored).Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "timeZone", "minimumPrice" }));
            Assert.That(Tariff.FromStored(stored)?.TimeZone.Id, Is.EqualTo("CET"));
            Assert.That(Tariff.FromStored(stored with { TaxPercent = null }), Is.Null, "every older rule still holds");
        }
    }

    [Test]
    public void Validate_NoDocument_IsRefused()
    {
        Assert.That(Tariff.Validate(null).Errors.Select(error => error.Field), Is.EqualTo(new[] { "$" }));
    }

    [Test]
    public void Validate_OverlappingPeriods_SaysWhereTheyMeet()
    {
        var document = Free with { Periods = [Period(["Mon", "Tue", "Wed", "Thu", "Fri"], "16:00", "19:00", 3m), Period(["Thu"], "18:00", "20:00", 4m)] };

        var error = Tariff.Validate(document).Errors.Single();

        Assert.That(error, Is.EqualTo(new TariffError("periods[1]", "overlaps periods[0] from Thu 18:00")));
    }

    [Test]
    public void Validate_OptionalFieldsMissing_TakesTheirDefaults()
    {
        var tariff = Tariff.Validate(Free with { EnergyPrice = 2m }).Tariff!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That((tariff.StartFee, tariff.TimePrice, tariff.MinimumPrice), Is.EqualTo((0m, 0m, 0m)));
            Assert.That(tariff.MaximumPrice, Is.Null);
            Assert.That(tariff.IdleFee, Is.Null);
            Assert.That(tariff.Periods, Is.Empty);
            Assert.That(tariff.TimeZone.Id, Is.EqualTo("Europe/Stockholm"));
        }
    }

    [Test]
    public void TryCreate_InvalidDocument_ReturnsFalseWithErrors()
    {
        var created = Tariff.TryCreate(WorkedExample with { TaxPercent = 101m }, out var tariff, out var errors);

        Assert.That((created, tariff), Is.EqualTo((false, (Tariff?)null)));
        Assert.That(errors.Select(error => error.Field), Is.EqualTo(new[] { "taxPercent" }));
    }

    [Test]
    public void Create_InvalidDocument_ThrowsListingTheFields()
    {
        Assert.That(() => Tariff.Create(WorkedExample with { Name = "", EnergyPrice = -1m }),
            Throws.ArgumentException.With.Message.Contains("name").And.Message.Contains("energyPrice"));
    }
}
