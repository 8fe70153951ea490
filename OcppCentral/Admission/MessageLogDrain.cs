using OcppCentral.Storage;

namespace OcppCentral.Admission;

/// <summary>
/// Graceful shutdown, for the OCPP message log (docs/charger-health.md): once the chargers are closed
/// (<see cref="Transport.ChargerShutdown"/> runs before any hosted service stops), the frames still waiting for the
/// writer are written, within the host's shutdown timeout, before disposing the host stops the writer. Frames the
/// timeout leaves behind are dropped and counted in the server log (<see cref="MessageLogStore.DrainAsync"/>).
/// </summary>
public sealed class MessageLogDrain(MessageLogStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => store.DrainAsync(cancellationToken);
}
