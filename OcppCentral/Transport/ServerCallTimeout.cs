using Microsoft.Extensions.Options;
using Polly;

namespace OcppCentral.Transport;

/// <summary>
/// docs/ocpp-endpoint.md: a server-initiated CALL unanswered within <see cref="OcppTransportOptions.CallTimeout"/> fails. A Polly
/// timeout strategy, built once: it cancels the wait for the answer and throws
/// <see cref="Polly.Timeout.TimeoutRejectedException"/>. The clock is the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class ServerCallTimeout(IOptions<OcppTransportOptions> options, TimeProvider time)
{
    public TimeSpan Timeout { get; } = options.Value.CallTimeout;

    public ResiliencePipeline Pipeline { get; } = new ResiliencePipelineBuilder { TimeProvider = time }
        .AddTimeout(options.Value.CallTimeout)
        .Build();
}
