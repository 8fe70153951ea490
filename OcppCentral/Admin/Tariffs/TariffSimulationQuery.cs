using OcppCentral.Pricing;

namespace OcppCentral.Admin.Tariffs;

/// <summary>A checked <see cref="TariffSimulationRequest"/>: a valid candidate and a bounded range.</summary>
public sealed record TariffSimulationQuery(Tariff Candidate, DateTimeOffset From, DateTimeOffset To, string? ChargePointId)
{
    /// <summary>The id a candidate gets when the request leaves it out; the candidate is never stored.</summary>
    public const string CandidateId = "candidate";

    /// <summary>A leap year: enough for "last year", small enough that one request cannot ask for the whole history.</summary>
    public const int MaxRangeDays = 366;

    /// <summary>The query, or every problem with the request, each under the field it concerns (<c>tariff.energyPrice</c>, <c>to</c>).</summary>
    public static (TariffSimulationQuery? Query, Dictionary<string, string[]> Errors) Check(TariffSimulationRequest request)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);

        Tariff? candidate = null;
        if (request.Tariff is null)
            Add("tariff", "is required: the candidate tariff, as PUT /api/tariffs/{id} takes it.");
        else
        {
            var validation = Tariff.Validate(request.Tariff with { Id = request.Tariff.Id ?? CandidateId });
            candidate = validation.Tariff;
            foreach (var error in validation.Errors)
                Add(error.Field == "$" ? "tariff" : $"tariff.{error.Field}", error.Message);
        }

        var (range, field, problem) = TimeRange.Parse(request.From, request.To);
        if (range is null)
            Add(field!, problem!);
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

        if (errors.Count > 0 || candidate is null)
            return (null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        var chargePointId = string.IsNullOrEmpty(request.ChargePointId) ? null : request.ChargePointId;
        return (new TariffSimulationQuery(candidate, range!.From!.Value, range.To!.Value, chargePointId), []);
    }
}
