using System.Text.Json;
using OcppCentral.Pricing;
using static OcppCentral.Tests.Pricing.PricingFixtures;

namespace OcppCentral.Tests.Pricing;

/// <summary>The JSON shape of docs/sessions-and-pricing.md and the way back from a <see cref="Tariff"/> to it.</summary>
public partial class TariffTests
{
    private const string SpecTariffJson = """
        {
          "id": "default", "name": "Standard", "currency": "SEK", "timeZone": "Europe/Stockholm",
          "startFee": 5.00,
          "energyPrice": 2.50,
          "timePrice": 0.10,
          "idleFee": { "perMinute": 1.00, "graceMinutes": 15 },
          "periods": [ { "days": ["Mon","Tue","Wed","Thu","Fri"], "from": "17:00", "to": "20:00", "energyPrice": 4.00 } ],
          "minimumPrice": 0, "maximumPrice": null,
          "taxPercent": 25
        }
        """;

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Test]
    public void Validate_SpecExampleJson_GivesThatTariff()
    {
        var document = JsonSerializer.Deserialize<TariffDocument>(SpecTariffJson, Web)!;

        var tariff = Tariff.Validate(document).Tariff!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That((tariff.Id, tariff.Name, tariff.Currency, tariff.TimeZone.Id), Is.EqualTo(("default", "Standard", "SEK", "Europe/Stockholm")));
            Assert.That((tariff.StartFee, tariff.EnergyPrice, tariff.TimePrice, tariff.TaxPercent), Is.EqualTo((5.00m, 2.50m, 0.10m, 25m)));
            Assert.That((tariff.IdleFee!.PerMinute, tariff.IdleFee.GraceMinutes), Is.EqualTo((1.00m, 15m)));
            Assert.That((tariff.MinimumPrice, tariff.MaximumPrice), Is.EqualTo((0m, (decimal?)null)));
            Assert.That(tariff.Periods.Single().Label, Is.EqualTo("Mon-Fri 17:00-20:00"));
            Assert.That(tariff.Periods.Single().EnergyPrice, Is.EqualTo(4.00m));
        }
    }

    [Test]
    public void TariffDocument_SerializedAndRead_RoundTrips()
    {
        var json = JsonSerializer.Serialize(WorkedExample, Web);

        var again = JsonSerializer.Serialize(JsonSerializer.Deserialize<TariffDocument>(json, Web), Web);

        Assert.That(again, Is.EqualTo(json));
        Assert.That(json, Does.Contain("\"timeZone\":\"Europe/Stockholm\"").And.Contain("\"idleFee\":{\"perMinute\":0.50,\"graceMinutes\":10}"));
    }

    [Test]
    public void ToDocument_ValidTariff_GivesADocumentForTheSameTariff()
    {
        var tariff = Tariff.Create(JsonSerializer.Deserialize<TariffDocument>(SpecTariffJson, Web)!);

        var document = tariff.ToDocument();

        Assert.That(Tariff.Create(document), Is.EqualTo(tariff));
        Assert.That(JsonSerializer.Serialize(document, Web), Is.EqualTo(JsonSerializer.Serialize(JsonSerializer.Deserialize<TariffDocument>(SpecTariffJson, Web), Web)));
    }

    [Test]
    public void ToDocument_DaysInAnyOrder_ListsThemMondayFirst()
    {
        var tariff = Tariff.Create(Free with { Periods = [Period(["Sun", "Wed", "Mon"], "08:00", "09:00", 1m)] });

        Assert.That(tariff.ToDocument().Periods!.Single()!.Days, Is.EqualTo(new[] { "Mon", "Wed", "Sun" }));
    }

    [Test]
    public void Equals_SameDocument_TariffsAreEqual()
    {
        var (first, second) = (Tariff.Create(WorkedExample), Tariff.Create(WorkedExample));

        Assert.That(second, Is.EqualTo(first));
        Assert.That(second.GetHashCode(), Is.EqualTo(first.GetHashCode()));
        Assert.That(Tariff.Create(WorkedExample with { Periods = [Period(["Mon"], "16:00", "19:00", 3m)] }), Is.Not.EqualTo(first));
    }
}
