using System.Globalization;
using OcppCentral.Sessions;
using OcppCentral.Storage;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Storage;

/// <summary>
/// <see cref="MeterValueStore.AsStored"/> must say exactly how a sample reads back, number and scale included: an Active
/// session's running estimate folds samples in that form and must equal the computation over the rows read back.
/// </summary>
public class MeterValueAsStoredTests : TempDatabaseTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 14, 15, 9, 26, TimeSpan.FromHours(2));

    [Test]
    public async Task AsStored_AnyNormalizedValueAndTimestamp_IsWhatReadsBack()
    {
        var random = new Random(11);
        var texts = new List<string>
        {
            "0", "1500", "1500.0", "1.50", "0.1", "-16.5", "12345.678", "999999999999999.9", "1000000000000000", "0.000001",
            "123456789012.3456", "7.0000000000000001", "-0.5", "4503599627370497", "1e15", "33.333333333333333",
        };
        for (var i = 0; i < 400; i++)
        {
            var digits = random.Next(1, 17);
            var number = (decimal)(random.NextDouble() * Math.Pow(10, random.Next(-4, 13)));
            texts.Add(Math.Round(number, random.Next(0, digits)).ToString(CultureInfo.InvariantCulture));
            texts.Add(random.Next(1_000_000).ToString(CultureInfo.InvariantCulture) + "." + random.Next(1000).ToString("000", CultureInfo.InvariantCulture));
        }
        var samples = texts.Select((text, index) => MeterValueNormalizer.Normalize(At.AddTicks(index * 1234567L),
            new OcppCentral.Messages.SampledValue(text, Unit: index % 3 == 0 ? "kWh" : "Wh"))).ToList();

        using (var connection = Database.Open())
        using (var transaction = connection.BeginTransaction())
        {
            foreach (var sample in samples)
                MeterValueStore.Insert(connection, transaction, "CP-1", 1, 7, sample);
            transaction.Commit();
        }
        var readBack = (await new MeterValueStore(Database).ListAsync(7, CancellationToken.None)).ToList();

        Assert.That(readBack, Has.Count.EqualTo(samples.Count));
        using (Assert.EnterMultipleScope())
        {
            foreach (var (sample, stored) in samples.Zip(readBack))
            {
                var expected = MeterValueStore.AsStored(Database.Dialect, sample);
                Assert.That((expected.Timestamp, expected.Timestamp.Offset), Is.EqualTo((stored.Timestamp, stored.Timestamp.Offset)), sample.Value);
                Assert.That(expected.NormalizedValue?.ToString(CultureInfo.InvariantCulture),
                    Is.EqualTo(stored.NormalizedValue?.ToString(CultureInfo.InvariantCulture)), sample.Value);
            }
        }
    }
}
