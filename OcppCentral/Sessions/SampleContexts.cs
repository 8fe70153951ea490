namespace OcppCentral.Sessions;

/// <summary>OCPP 1.6 ReadingContext values (§7.35) that the session domain refers to.</summary>
public static class SampleContexts
{
    /// <summary>The context a sampledValue has when it names none (OCPP 1.6 §7.43).</summary>
    public const string SamplePeriodic = "Sample.Periodic";

    public const string TransactionBegin = "Transaction.Begin";

    /// <summary>The reading taken at the end of a transaction; meterStop should agree with it (docs/anomalies-and-feedback.md).</summary>
    public const string TransactionEnd = "Transaction.End";
}
