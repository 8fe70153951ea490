namespace ChargeMonitor.Simulator.Load;

/// <summary>Totals every load charger adds to, without locks.</summary>
internal sealed class LoadCounters
{
    public long Acknowledged;
    public long CallErrors;
    public long Timeouts;
    public long ConnectErrors;
    public long Disconnects;
    public long Connected;

    public static long Read(ref long counter) => Interlocked.Read(ref counter);
}
