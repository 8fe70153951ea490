namespace ChargeMonitor.Simulator.Scenarios;

/// <summary>
/// The transactionIds the unknown-transaction scenario uses: just below 2^63−1, so no server issued them and a
/// server that reads them into a 32-bit integer shows it (docs/anomalies-and-feedback.md: any JSON integer, no overflow).
/// </summary>
public static class UnknownTransactionIds
{
    public const long Lowest = long.MaxValue - 1_000_000;

    public static long Next(Random random) => long.MaxValue - random.Next(1_000_000);
}
