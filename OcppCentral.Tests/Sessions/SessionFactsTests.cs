namespace OcppCentral.Tests.Sessions;

public class SessionFactsTests
{
    [Test]
    public void Create_NullSamples_IsRejected() =>
        Assert.That(() => SessionSamples.WorkedExample() with { Samples = null! }, Throws.ArgumentNullException);
}
