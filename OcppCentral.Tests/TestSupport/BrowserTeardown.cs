using OcppCentral.Tests.TestSupport;

/// <summary>
/// Quits the browser the browser tests shared (<see cref="HeadlessChromium.Shared"/>) once every test has run. Outside any
/// namespace, so that NUnit runs it around the whole assembly.
/// </summary>
[SetUpFixture]
public sealed class BrowserTeardown
{
    [OneTimeTearDown]
    public void QuitSharedBrowser() => HeadlessChromium.QuitShared();
}
