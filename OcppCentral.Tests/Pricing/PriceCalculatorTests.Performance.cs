using System.Diagnostics;
using OcppCentral.Pricing;

namespace OcppCentral.Tests.Pricing;

public partial class PriceCalculatorTests
{
    /// <summary>
    /// The price what-if (SPEC section 5) re-prices every closed session in a range: 100,000 sessions
    /// of up to three days with up to 25 readings, against a tariff with five periods, must take
    /// seconds, which rules out looking at the clock minute by minute.
    /// </summary>
    [Test]
    public void Calculate_HundredThousandSessions_TakesSecondsAtMost()
    {
        var random = new Random(100_000);
        var sessions = Enumerable.Range(0, 100_000).Select(_ => GeneratedSessions.NextSession(random, meterMayGoBackwards: true)).ToArray();

        var stopwatch = Stopwatch.StartNew();
        var revenue = sessions.Sum(session => PriceCalculator.Calculate(GeneratedSessions.Busiest, session).Total);
        stopwatch.Stop();

        TestContext.Out.WriteLine($"100,000 sessions priced in {stopwatch.Elapsed.TotalSeconds:0.00} s, revenue {revenue}");
        Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }
}
