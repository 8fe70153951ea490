namespace OcppCentral.Tests.CostDisplay;

/// <summary>--public-url (docs/operations.md): the base of the receipt link on a charger's display, checked at start.</summary>
public class CostDisplayPublicUrlTests
{
    [TestCase("https://charge.example.com")]
    [TestCase("http://10.0.0.5:8180")]
    [TestCase("https://example.com/charging/")]
    public void PublicUrl_AbsoluteHttpUrl_IsAccepted(string url) =>
        Assert.That(new ChargeMonitorOptions { PublicUrl = url }.Problem(), Is.Null);

    [TestCase("charge.example.com")]
    [TestCase("/receipts")]
    [TestCase("ftp://charge.example.com")]
    [TestCase("https://charge.example.com/?a=1")]
    [TestCase("https://charge.example.com/#top")]
    [TestCase("https://user:pw@charge.example.com")]
    public void PublicUrl_NotAnAbsoluteHttpUrl_IsAProblemNamingTheSetting(string url) =>
        Assert.That(new ChargeMonitorOptions { PublicUrl = url }.Problem(), Does.StartWith("PublicUrl (--public-url)"));

    [TestCase("https://charge.example.com", "https://charge.example.com/receipt/ab")]
    [TestCase("https://example.com/charging/", "https://example.com/charging/receipt/ab")]
    [TestCase(null, null)]
    public void PublicLink_JoinsTheBaseAndThePath(string? url, string? expected) =>
        Assert.That(new ChargeMonitorOptions { PublicUrl = url }.PublicLink("/receipt/ab"), Is.EqualTo(expected));
}
