using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OcppCentral.Ledger;
using OcppCentral.Storage;
using OcppCentral.Tests.TestSupport;

namespace OcppCentral.Tests.Ledger;

/// <summary>Anomalies found when a session closes are logged at warning level once committed (docs/charger-health.md).</summary>
public class TransactionLedgerLoggingTests : TempDatabaseTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 14, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task StopAsync_SessionClosedWithAnomalies_LogsThemAtWarningLevel()
    {
        await using var writer = new StorageWriter(Database, NullLogger<StorageWriter>.Instance);
        var logger = new CapturingLogger();
        var ledger = new TransactionLedger(new SessionStore(Database, writer), new FakeTimeProvider(Start.AddHours(2)), logger: logger);
        var id = await ledger.StartAsync(new TransactionStart("CP-LOG", 1, "TAG", 5000, Start, null, Start), CancellationToken.None);

        await ledger.StopAsync(new TransactionStop("CP-LOG", id, 5000, Start.AddHours(1), "Local", null, [], () => "{}", Start.AddHours(1)),
            CancellationToken.None);

        var warning = logger.Entries.Single(e => e.Level == LogLevel.Warning);
        Assert.That(warning.Message, Does.Contain($"Session {id} of CP-LOG closed with anomalies").And.Contain("ZeroEnergy: "));
    }

    [Test]
    public async Task StartAsync_NothingClosed_LogsNothing()
    {
        await using var writer = new StorageWriter(Database, NullLogger<StorageWriter>.Instance);
        var logger = new CapturingLogger();
        var ledger = new TransactionLedger(new SessionStore(Database, writer), new FakeTimeProvider(Start), logger: logger);

        await ledger.StartAsync(new TransactionStart("CP-LOG", 1, "TAG", 5000, Start, null, Start), CancellationToken.None);

        Assert.That(logger.Entries, Is.Empty);
    }

    private sealed class CapturingLogger : ILogger<TransactionLedger>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
                Entries.Add((logLevel, formatter(state, exception)));
        }
    }
}
