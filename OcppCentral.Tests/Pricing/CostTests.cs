using System.Text.Json;
using OcppCentral.Pricing;

namespace OcppCentral.Tests.Pricing;

/// <summary>The cost object a session record carries (docs/sessions-and-pricing.md).</summary>
public class CostTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static readonly Cost Example = new("example", "SEK",
    [
        new CostLine("start", 1m, "session", 3.00m, 3.00m, null),
        new CostLine("energy", 6m, "kWh", 3.00m, 18.00m, "Mon-Fri 16:00-19:00"),
    ], 21.00m, 5.25m, 26.25m);

    [Test]
    public void Serialize_WithWebDefaults_HasTheSpecShapeAndOmitsNullPeriod()
    {
        var json = JsonSerializer.Serialize(Example, Web);

        Assert.That(json, Is.EqualTo(string.Concat(
            """{"tariffId":"example","currency":"SEK","lines":[""",
            """{"component":"start","quantity":1,"unit":"session","unitPrice":3.00,"amount":3.00},""",
            """{"component":"energy","quantity":6,"unit":"kWh","unitPrice":3.00,"amount":18.00,"period":"Mon-Fri 16:00-19:00"}],""",
            "\"net\":21.00,\"tax\":5.25,\"total\":26.25}")));
    }

    [Test]
    public void Deserialize_SerializedCost_GivesAnEqualCost()
    {
        var again = JsonSerializer.Deserialize<Cost>(JsonSerializer.Serialize(Example, Web), Web);

        Assert.That(again, Is.EqualTo(Example));
    }
}
