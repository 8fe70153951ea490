namespace OcppCentral.Tests.TestSupport;

/// <summary>Tests that each get a fresh server (127.0.0.1, port 0, a temp database), stopped after the test.</summary>
public abstract class RealServerTests
{
    protected TestServer Server { get; private set; } = null!;

    [SetUp]
    public async Task StartServerAsync() => Server = await TestServer.StartAsync();

    [TearDown]
    public async Task StopServerAsync() => await Server.DisposeAsync();
}
