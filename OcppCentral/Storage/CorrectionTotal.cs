namespace OcppCentral.Storage;

/// <summary>What the versions of one kind changed in one currency: their count and the sum of (new − previous) net and total.</summary>
public sealed record CorrectionTotal(string Kind, string Currency, int Corrections, decimal Net, decimal Total);
