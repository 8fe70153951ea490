namespace OcppCentral.Tests.TestSupport;

/// <summary>
/// Tests that each get a fresh server (127.0.0.1, port 0, a temp database), stopped after the test: for tests that look
/// at everything the server holds. The server runs on a <see cref="VirtualClock"/>, so the times it stamps move only
/// when a test advances <see cref="Clock"/>.
/// </summary>
public abstract class RealServerTests(TestBackend backend)
{
    protected RealServerTests() : this(TestDatabase.DefaultBackend)
    {
    }

    /// <summary>The storage backend of the fixture (a fixture parameter where a fixture runs on both, docs/testing.md).</summary>
    protected TestBackend Backend { get; } = backend;

    protected TestServer Server { get; private set; } = null!;

    protected VirtualClock Clock { get; private set; } = null!;

    [SetUp]
    public async Task StartServerAsync()
    {
        Clock = new VirtualClock();
        Server = await TestServer.StartAsync(Backend, Clock);
    }

    [TearDown]
    public async Task StopServerAsync() => await Server.DisposeAsync();
}
