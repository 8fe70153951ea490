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

    /// <summary>
    /// The shared server's clock when the fixture runs in virtual time (<see cref="VirtualTime"/>), else null. Tests may
    /// move it on; none may expect it to stand where another test left it.
    /// </summary>
    protected VirtualClock Clock { get; private set; } = null!;

    /// <summary>The command line of the shared server (none by default).</summary>
    protected virtual string[] ServerArguments => [];

    /// <summary>Whether the shared server runs on a <see cref="VirtualClock"/> (off by default: the system's clock).</summary>
    protected virtual bool VirtualTime => false;

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        if (VirtualTime)
            Clock = new VirtualClock();
        Server = await TestServer.StartAsync(Backend, VirtualTime ? Clock : TimeProvider.System, ServerArguments);
    }

    [OneTimeTearDown]
    public async Task StopServerAsync() => await Server.DisposeAsync();
}
