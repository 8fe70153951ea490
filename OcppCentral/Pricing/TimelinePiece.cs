namespace OcppCentral.Pricing;

/// <summary>
/// UTC ticks [<paramref name="StartTicks"/>, <paramref name="EndTicks"/>) during which one energy
/// price holds: <paramref name="Bucket"/> 0 is the base price, bucket i + 1 is period i.
/// </summary>
internal readonly record struct TimelinePiece(long StartTicks, long EndTicks, int Bucket);
