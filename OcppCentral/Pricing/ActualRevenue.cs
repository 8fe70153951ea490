namespace OcppCentral.Pricing;

/// <summary>What the sessions closed in one currency were actually charged, and how many they were.</summary>
public sealed record ActualRevenue(string Currency, int Sessions, decimal Net, decimal Total);
