namespace OcppCentral.Transport;

/// <summary>
/// Graceful shutdown (SIGTERM), step one. The host calls <see cref="StoppingAsync"/> before any hosted service
/// stops, so while Kestrel still runs: new upgrades are refused, every charger's message in hand is answered and
/// its socket closed with EndpointUnavailable (1001), and lastSeen is stored. Kestrel then stops listening and lets
/// admin requests in flight finish; disposing the host last drains the storage writer (StorageWriter.DisposeAsync).
/// </summary>
public sealed class ChargerShutdown(ChargerRegistry registry) : IHostedLifecycleService
{
    public Task StoppingAsync(CancellationToken cancellationToken) => registry.CloseAllAsync(cancellationToken);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
