using OcppCentral.Sessions;

namespace OcppCentral.Tests.Sessions;

public class AnomalyTests
{
    [TestCase("", "detail")]
    [TestCase("ZeroEnergy", "")]
    public void Create_EmptyCodeOrDetail_IsRejected(string code, string detail) =>
        Assert.That(() => new Anomaly(code, detail), Throws.ArgumentException);
}
