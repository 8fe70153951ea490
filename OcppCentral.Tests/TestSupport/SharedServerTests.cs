namespace OcppCentral.Tests.TestSupport;

/// <summary>
/// Tests that share one server (127.0.0.1, port 0, a temp database) started once for the fixture. Each test uses
/// charger ids of its own and looks only at what it made, so the tests stay independent of each other and of order.
/// A test that changes what the others rely on (the default tariff, the settings) starts a server of its own.
/// </summary>
public abstract class SharedServerTests(TestBackend backend)
{
    protected SharedServerTests() : this(TestDatabase.DefaultBackend)
    {
    }

    /// <summary>The storage backend of the fixture (a fixture parameter where a fixture runs on both, docs/testing.md).</summary>
    protected TestBackend Backend { get; } = backend;

    protected TestServer Server { get; private set; } = null!;

    /// <summary>The command line of the shared server (none by default).</summary>
    protected virtual string[] ServerArguments => [];

    [OneTimeSetUp]
    public async Task StartServerAsync() => Server = await TestServer.StartAsync(Backend, TimeProvider.System, ServerArguments);

    [OneTimeTearDown]
    public async Task StopServerAsync() => await Server.DisposeAsync();
}
