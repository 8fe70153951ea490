namespace OcppCentral.Sessions;

/// <summary>OCPP 1.6 Location values (§7.30).</summary>
public static class SampleLocations
{
    /// <summary>The location a sampledValue has when it names none (OCPP 1.6 §7.43).</summary>
    public const string Outlet = "Outlet";

    public const string Inlet = "Inlet";

    public const string Cable = "Cable";

    public const string Ev = "EV";

    public const string Body = "Body";
}
