using System.Numerics;

namespace OcppCentral.Handlers;

/// <summary>
/// The scope that gives every line logged while a transaction message is handled its TransactionId field (JSON logs,
/// docs/operations.md). The id is a number in the log as in the database; one beyond 64 bits (an orphan's) is text.
/// </summary>
public static class TransactionLogScope
{
    private const string Template = "Transaction {TransactionId}";

    public static IDisposable? Begin(ILogger logger, long transactionId) => logger.BeginScope(Template, transactionId);

    public static IDisposable? Begin(ILogger logger, BigInteger? transactionId) => transactionId switch
    {
        null => null,
        { } id when id >= long.MinValue && id <= long.MaxValue => logger.BeginScope(Template, (long)id),
        { } id => logger.BeginScope(Template, id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    };
}
