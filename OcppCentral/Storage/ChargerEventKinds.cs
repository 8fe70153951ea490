namespace OcppCentral.Storage;

/// <summary>What a row of <c>charger_events</c> records (docs/charger-health.md).</summary>
public static class ChargerEventKinds
{
    public const string Connected = "Connected";
    public const string Disconnected = "Disconnected";
    public const string HandshakeRefused = "HandshakeRefused";
    public const string BootNotification = "BootNotification";
    public const string StatusChanged = "StatusChanged";
    public const string KeepAliveTimeout = "KeepAliveTimeout";

    /// <summary>The reason of a Disconnected whose connection was replaced by a newer one: the charger stayed online.</summary>
    public const string ReplacedReason = "Replaced";

    /// <summary>The reason of a Disconnected of a charger the operator deleted: it is not expected back.</summary>
    public const string DeletedReason = "Deleted";

    /// <summary>The reason of a Disconnected written at start for a connection the server never saw end (it stopped without closing it).</summary>
    public const string ServerStoppedReason = "ServerStopped";
}
