using OcppCentral.Messages;
using OcppCentral.Sessions;

namespace OcppCentral.Handlers;

/// <summary>From the wire's meterValue arrays to normalised samples, one per sampledValue.</summary>
public static class SampleMapping
{
    public static IReadOnlyList<MeterSample> ToSamples(IEnumerable<MeterValue>? meterValues) =>
        meterValues is null
            ? []
            : meterValues
                .SelectMany(mv => mv.SampledValue.Select(sv => MeterValueNormalizer.Normalize(mv.Timestamp,
                    new Sessions.SampledValue(sv.Value, sv.Context, sv.Format, sv.Measurand, sv.Phase, sv.Location, sv.Unit))))
                .ToList();
}
