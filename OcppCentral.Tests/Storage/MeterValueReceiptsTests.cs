using Microsoft.Extensions.Logging.Abstractions;
using OcppCentral.Sessions;
using OcppCentral.Storage;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Storage;

/// <summary>
/// The receipt times the offline check reads at a close (docs/charger-health.md) come from the readings the session is
/// measured with: a reading a correction excluded (docs/corrections.md) is out of them too.
/// </summary>
public class MeterValueReceiptsTests : TempDatabaseTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 14, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Receipts_ReadingsACorrectionExcluded_AreLeftOutLikeFromTheMeasuredReadings()
    {
        await using var writer = new StorageWriter(Database, NullLogger<StorageWriter>.Instance);
        var sessions = new SessionStore(Database, writer);
        var transactionId = await sessions.WriteAsync(writes =>
        {
            var id = writes.Start("CP-1", 1, "TAG", null, Start, 0, Start);
            // 14:10 arrived live; 14:20 arrived an hour late (as if queued offline), and is the reading the correction excludes.
            writes.AddSample("CP-1", 1, id, Register(Start.AddMinutes(10), 1000m), Start.AddMinutes(10));
            writes.AddSample("CP-1", 1, id, Register(Start.AddMinutes(20), 2000m), Start.AddMinutes(80));
            writes.AddSample("CP-1", 1, id, Register(Start.AddMinutes(30), 3000m), Start.AddMinutes(30));
            return id;
        }, CancellationToken.None);
        await sessions.WriteAsync(writes =>
        {
            var late = writes.ReadingIds(transactionId).Keys.Order().ElementAt(1);
            writes.ExcludeReadings(transactionId, [late], 1);
            return late;
        }, CancellationToken.None);

        var history = (await sessions.HistoryAsync(transactionId, Start.AddHours(2), CancellationToken.None))!;
        var onTheWriter = await sessions.WriteAsync(writes => writes.Receipts(transactionId), CancellationToken.None);

        long Ms(int minutes) => Start.AddMinutes(minutes).ToUnixTimeMilliseconds();
        (long, long)[] expected = [(Ms(10), Ms(10)), (Ms(30), Ms(30))];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(history.Samples.Select(s => s.Timestamp), Is.EqualTo(new[] { Start.AddMinutes(10), Start.AddMinutes(30) }));
            Assert.That(history.Receipts, Is.EqualTo(expected));
            Assert.That(onTheWriter, Is.EqualTo(expected));
        }
    }

    private static MeterSample Register(DateTimeOffset at, decimal wh) =>
        new(at, Measurands.EnergyActiveImportRegister, wh.ToString(System.Globalization.CultureInfo.InvariantCulture), "Wh", null,
            SampleContexts.SamplePeriodic, SampleLocations.Outlet, SampleFormats.Raw, wh, "Wh");
}
