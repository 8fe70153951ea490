namespace OcppCentral.Tests;

public class SmokeTests
{
    [Test]
    public void Build_WithDefaults_Succeeds() => Assert.That(OcppCentralApp.Build([]), Is.Not.Null);
}
