using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OcppCentral.Storage;

/// <summary>
/// Charger passwords are stored as salted PBKDF2-SHA256 hashes ("pbkdf2-sha256$iterations$salt$hash") and
/// compared in constant time. OCPP security profile 1 sends the password with every connection, so the
/// iteration count is kept moderate; a mass reconnect of hundreds of chargers must not stall the server.
/// </summary>
public static class PasswordHash
{
    private const int Iterations = 20_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Fifty times what <see cref="Create"/> uses: room for a stronger setting later, not for a stall.</summary>
    private const int MaxIterations = 1_000_000;

    public static string Create(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"pbkdf2-sha256${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>
    /// True when <paramref name="password"/> matches <paramref name="stored"/>. A stored value that is not a hash this
    /// class wrote (edited by hand, cut off, another format) refuses every password instead of throwing: the charger is
    /// answered 401 like any other failed login, and the operator sets its password again.
    /// </summary>
    public static bool Verify(string password, string stored)
    {
        if (Read(stored) is not var (iterations, salt, expected))
            return false;
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>
    /// The parts of a stored hash, or null when it is not one. The iteration count is bounded so that a corrupt value
    /// cannot make one login cost minutes, and the hash must have its full length: an empty one would match anything.
    /// </summary>
    private static (int Iterations, byte[] Salt, byte[] Hash)? Read(string? stored)
    {
        var parts = stored?.Split('$');
        if (parts is not { Length: 4 } || parts[0] != "pbkdf2-sha256"
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations is < 1 or > MaxIterations)
            return null;
        var salt = FromBase64(parts[2]);
        var hash = FromBase64(parts[3]);
        return salt is { Length: > 0 } && hash is { Length: HashBytes } ? (iterations, salt, hash) : null;
    }

    private static byte[]? FromBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
