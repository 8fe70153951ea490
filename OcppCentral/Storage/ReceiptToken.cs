using System.Security.Cryptography;

namespace OcppCentral.Storage;

/// <summary>
/// A session's receipt token (docs/receipts.md): 128 bits from the cryptographic generator as 32 lowercase hex digits.
/// Whoever holds it may read that one session's receipt, so it is never derived from anything guessable.
/// </summary>
public static class ReceiptToken
{
    public const int Length = 32;

    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The shape of a token: checked before any lookup, so malformed input never reaches SQL.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: Length } && token.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
