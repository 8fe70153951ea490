using System.Buffers;

namespace OcppCentral.Transport;

/// <summary>
/// The charge point identity in the URL path. OCPP 1.6 limits it to 48 characters (CiString48 as in
/// BootNotification's identity fields and the security whitepaper); we accept RFC 3986 unreserved characters
/// plus a few that vendors use in serial numbers, and never ':' (it would break HTTP Basic auth, where the
/// identity is the username).
/// </summary>
public static class ChargePointIdentity
{
    public const int MaxLength = 48;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~*=+|@");

    public static string? Problem(string? id) => id switch
    {
        null or "" => "the charge point id is empty",
        { Length: > MaxLength } => $"the charge point id is longer than {MaxLength} characters",
        _ when id.AsSpan().ContainsAnyExcept(Allowed) => "the charge point id contains a character outside A-Z a-z 0-9 - . _ ~ * = + | @",
        _ => null,
    };
}
