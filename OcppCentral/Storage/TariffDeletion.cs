namespace OcppCentral.Storage;

/// <summary>How a tariff deletion ended: deleted, no such tariff, or refused because chargers are assigned to it (named in order).</summary>
public sealed record TariffDeletion(TariffDeletion.Outcomes Outcome, IReadOnlyList<string> AssignedChargePointIds)
{
    public enum Outcomes
    {
        Deleted,
        NotFound,
        Assigned,
    }
}
