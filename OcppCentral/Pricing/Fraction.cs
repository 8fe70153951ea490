using System.Numerics;

namespace OcppCentral.Pricing;

/// <summary>
/// An exact rational number, always in lowest terms with a positive denominator. Energy shares are ratios of times
/// (a third of a stretch is a third): in decimal a third of 1000 Wh is 333.333…3 and the three thirds no longer sum to
/// 1000 Wh, which moved the largest-remainder leftover to the wrong price. Fractions keep every share exact.
/// </summary>
/// <remarks><c>default</c> is 0 (0/1), so a new array of fractions holds zeros.</remarks>
internal readonly struct Fraction : IComparable<Fraction>, IEquatable<Fraction>
{
    public static readonly Fraction Zero;

    private readonly BigInteger _denominator;

    private Fraction(BigInteger numerator, BigInteger denominator)
    {
        Numerator = numerator;
        _denominator = denominator;
    }

    public BigInteger Numerator { get; }

    /// <summary>Always positive.</summary>
    public BigInteger Denominator => _denominator.IsZero ? BigInteger.One : _denominator;

    public static Fraction Of(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
            throw new DivideByZeroException();
        if (denominator.Sign < 0)
            (numerator, denominator) = (-numerator, -denominator);
        var divisor = BigInteger.GreatestCommonDivisor(numerator, denominator);
        return divisor.IsOne ? new(numerator, denominator) : new(numerator / divisor, denominator / divisor);
    }

    /// <summary>The decimal exactly: its 96-bit integer over ten to its scale.</summary>
    public static Fraction Of(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var magnitude = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        var scale = (bits[3] >> 16) & 0xFF;
        return Of(bits[3] < 0 ? -magnitude : magnitude, BigInteger.Pow(10, scale));
    }

    public static Fraction operator +(Fraction a, Fraction b) =>
        a.Denominator == b.Denominator
            ? Of(a.Numerator + b.Numerator, a.Denominator)
            : Of(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static Fraction operator -(Fraction a, Fraction b) => a + new Fraction(-b.Numerator, b.Denominator);

    /// <summary><paramref name="a"/> × <paramref name="part"/> / <paramref name="whole"/>: a share of it in proportion.</summary>
    public static Fraction Scale(Fraction a, BigInteger part, BigInteger whole) => Of(a.Numerator * part, a.Denominator * whole);

    public static bool operator <(Fraction a, Fraction b) => a.CompareTo(b) < 0;

    public static bool operator >(Fraction a, Fraction b) => a.CompareTo(b) > 0;

    public static bool operator <=(Fraction a, Fraction b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Fraction a, Fraction b) => a.CompareTo(b) >= 0;

    public int Sign => Numerator.Sign;

    /// <summary>The largest integer not above the value.</summary>
    public BigInteger Floor()
    {
        var quotient = BigInteger.DivRem(Numerator, Denominator, out var remainder);
        return remainder.Sign < 0 ? quotient - 1 : quotient;
    }

    public int CompareTo(Fraction other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <summary>In lowest terms, equal values have equal parts.</summary>
    public bool Equals(Fraction other) => Numerator == other.Numerator && Denominator == other.Denominator;

    public override bool Equals(object? obj) => obj is Fraction other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    public static bool operator ==(Fraction a, Fraction b) => a.Equals(b);

    public static bool operator !=(Fraction a, Fraction b) => !a.Equals(b);

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Numerator}/{Denominator}");
}
