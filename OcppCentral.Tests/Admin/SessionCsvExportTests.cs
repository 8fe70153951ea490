using OcppCentral.Admin.Sessions;

namespace OcppCentral.Tests.Admin;

/// <summary>Cells of the billing export that a spreadsheet could run as a formula get a leading apostrophe (docs/admin-api.md).</summary>
public class SessionCsvExportTests
{
    [TestCase("=1+2")]
    [TestCase("+1")]
    [TestCase("-1")]
    [TestCase("@SUM(A1)")]
    [TestCase("\t=1")]
    [TestCase("\r=1")]
    [TestCase("\n=1+2")]
    [TestCase("\r\n@x")]
    [TestCase("\tplain")]
    [TestCase("\nplain")]
    [TestCase(" =1")]
    [TestCase("   +cmd")]
    [TestCase("\u00A0-1")]
    [TestCase("\u2003@x")]
    [TestCase("\uFF1D1+2")]
    [TestCase(" \uFF20x")]
    public void Defuse_FormulaStart_GetsAnApostrophe(string cell) =>
        Assert.That(SessionCsvExport.Defuse(cell), Is.EqualTo("'" + cell));

    [TestCase("TAG-1")]
    [TestCase("A=1")]
    [TestCase(" SPACE,TAG")]
    [TestCase("   ")]
    [TestCase("1=2")]
    public void Defuse_OrdinaryText_IsKeptAsIs(string cell) =>
        Assert.That(SessionCsvExport.Defuse(cell), Is.EqualTo(cell));

    [TestCase(null)]
    [TestCase("")]
    public void Defuse_NoText_StaysEmpty(string? cell) =>
        Assert.That(SessionCsvExport.Defuse(cell), Is.EqualTo(cell));
}
