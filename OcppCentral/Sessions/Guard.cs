namespace OcppCentral.Sessions;

/// <summary>
/// Checks for the domain records. Each validated property runs its check both in its initializer
/// (construction) and in its init accessor (<c>with</c> expressions), so no invalid record can exist.
/// </summary>
internal static class Guard
{
    public static T NotNull<T>(T? value, string name)
        where T : class =>
        value ?? throw new ArgumentNullException(name);

    public static string NotEmpty(string? value, string name) =>
        !string.IsNullOrEmpty(value) ? value : throw new ArgumentException("Must not be empty.", name);

    public static decimal NotNegative(decimal value, string name) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "Must not be negative.");
}
