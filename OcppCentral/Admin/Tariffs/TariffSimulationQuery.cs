using OcppCentral.Pricing;
using OcppCentral.Storage;

namespace OcppCentral.Admin.Tariffs;

/// <summary>
/// A checked <see cref="TariffSimulationRequest"/>: a valid candidate or an adjustment (exactly one of them), a bounded range, and
/// which sessions (<see cref="Filter"/>).
/// </summary>
public sealed record TariffSimulationQuery(Tariff? Candidate, decimal? AdjustPercent, DateTimeOffset From, DateTimeOffset To, string? ChargePointId,
    IReadOnlyList<string>? ChargePointIds, string? TariffId)
{
    /// <summary>The id a candidate gets when the request leaves it out; the candidate is never stored.</summary>
    public const string CandidateId = "candidate";

    /// <summary>A leap year: enough for "last year", small enough that one request cannot ask for the whole history.</summary>
    public const int MaxRangeDays = 366;

    /// <summary>Chargers one request may list; a fleet larger than this is asked for whole or a tariff at a time.</summary>
    public const int MaxChargePointIds = 1000;

    /// <summary>The sessions to re-price.</summary>
    public ClosedSessionFilter Filter => new(From, To, ChargePointIds ?? (ChargePointId is null ? null : [ChargePointId]), TariffId);

    /// <summary>The query, or every problem with the request, each under the field it concerns (<c>tariff.energyPrice</c>, <c>to</c>).</summary>
    public static (TariffSimulationQuery? Query, Dictionary<string, string[]> Errors) Check(TariffSimulationRequest request)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);

        Tariff? candidate = null;
        decimal? percent = null;
        if (request.Tariff is not null && request.Adjust is not null)
            Add("adjust", "is instead of 'tariff': give either a candidate tariff or an adjustment of every session's own tariff, not both.");
        else if (request.Adjust is { } adjust)
        {
            if (adjust.Percent is not { } given)
                Add("adjust.percent", "is required: the change of every price and fee in percent, e.g. 10 or -20.");
            else if (TariffAdjustment.Check(given) is { } problem)
                Add("adjust.percent", problem + ".");
            else
                percent = given;
        }
        else if (request.Tariff is null)
            Add("tariff", "is required: the candidate tariff, as PUT /api/tariffs/{id} takes it, or instead 'adjust': { \"percent\": 10 }.");
        else
        {
            var validation = Tariff.Validate(request.Tariff with { Id = request.Tariff.Id ?? CandidateId });
            candidate = validation.Tariff;
            foreach (var error in validation.Errors)
                Add(error.Field == "$" ? "tariff" : $"tariff.{error.Field}", error.Message);
        }

        var (range, field, problem2) = TimeRange.Parse(request.From, request.To);
        if (range is null)
            Add(field!, problem2!);
        else if (range.From is null || range.To is null)
        {
            if (range.From is null)
                Add("from", "is required, an ISO-8601 timestamp.");
            if (range.To is null)
                Add("to", "is required, an ISO-8601 timestamp.");
        }
        else if (range.To <= range.From)
            Add("to", "must be later than 'from'.");
        else if (range.To - range.From > TimeSpan.FromDays(MaxRangeDays))
            Add("to", $"must be at most {MaxRangeDays} days after 'from'.");

        var chargePointIds = ChargePoints(request, Add);
        var tariffId = string.IsNullOrEmpty(request.TariffId) ? null : request.TariffId;
        if (tariffId?.Length > Tariff.MaxIdLength)
            Add("tariffId", $"has at most {Tariff.MaxIdLength} characters.");

        if (errors.Count > 0 || (candidate is null && percent is null))
            return (null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        var chargePointId = string.IsNullOrEmpty(request.ChargePointId) ? null : request.ChargePointId;
        return (new TariffSimulationQuery(candidate, percent, range!.From!.Value, range.To!.Value, chargePointId, chargePointIds, tariffId), []);
    }

    private static List<string>? ChargePoints(TariffSimulationRequest request, Action<string, string> add)
    {
        if (request.ChargePointIds is not { } ids)
            return null;
        if (!string.IsNullOrEmpty(request.ChargePointId))
            add("chargePointIds", "is instead of 'chargePointId': give one charger or a list, not both.");
        if (ids.Count is 0 or > MaxChargePointIds)
            add("chargePointIds", $"lists 1 to {MaxChargePointIds} charger ids (leave it out for every charger).");
        for (var i = 0; i < Math.Min(ids.Count, MaxChargePointIds); i++)
            if (string.IsNullOrEmpty(ids[i]) || ids[i]!.Length > Transport.ChargePointIdentity.MaxLength)
                add($"chargePointIds[{i}]", $"is a charger id of 1 to {Transport.ChargePointIdentity.MaxLength} characters.");
        return ids.Where(id => !string.IsNullOrEmpty(id)).Select(id => id!).Distinct(StringComparer.Ordinal).ToList();
    }
}
