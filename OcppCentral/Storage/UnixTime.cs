namespace OcppCentral.Storage;

/// <summary>Timestamps are stored as INTEGER Unix milliseconds UTC.</summary>
public static class UnixTime
{
    public static long ToMs(DateTimeOffset timestamp) => timestamp.ToUnixTimeMilliseconds();

    public static long? ToMs(DateTimeOffset? timestamp) => timestamp?.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? FromMs(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
}
