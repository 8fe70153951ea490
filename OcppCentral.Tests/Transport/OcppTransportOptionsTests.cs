using OcppCentral.Transport;

namespace OcppCentral.Tests.Transport;

public class OcppTransportOptionsTests
{
    [Test]
    public void Problem_Defaults_IsNone()
    {
        Assert.That(new OcppTransportOptions().Problem(), Is.Null);
    }

    private static IEnumerable<TestCaseData> BadSettings()
    {
        yield return new TestCaseData(new OcppTransportOptions { MaxMessageBytes = 0 }, "MaxMessageBytes");
        yield return new TestCaseData(new OcppTransportOptions { MaxBadFramesPerMinute = -1 }, "MaxBadFramesPerMinute");
        yield return new TestCaseData(new OcppTransportOptions { KeepAliveInterval = TimeSpan.Zero }, "KeepAliveInterval");
        yield return new TestCaseData(new OcppTransportOptions { KeepAliveTimeout = TimeSpan.FromSeconds(-1) }, "KeepAliveTimeout");
        yield return new TestCaseData(new OcppTransportOptions { CallTimeout = TimeSpan.FromMilliseconds(1) }, "CallTimeout");
        yield return new TestCaseData(new OcppTransportOptions { CallTimeout = TimeSpan.FromDays(2) }, "CallTimeout");
    }

    [TestCaseSource(nameof(BadSettings))]
    public void Problem_SettingOutOfRange_NamesIt(OcppTransportOptions options, string setting)
    {
        Assert.That(options.Problem(), Does.Contain(setting));
    }
}
