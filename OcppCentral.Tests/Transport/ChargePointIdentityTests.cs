using OcppCentral.Transport;

namespace OcppCentral.Tests.Transport;

public class ChargePointIdentityTests
{
    [TestCase("CP-001")]
    [TestCase("Cp-1.a_b~c*d=e+f|g@h")]
    [TestCase("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Problem_AllowedIdOfAtMost48Characters_IsNone(string id)
    {
        Assert.That(ChargePointIdentity.Problem(id), Is.Null);
    }

    [TestCase(null, "empty")]
    [TestCase("", "empty")]
    [TestCase("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "longer than 48")]
    [TestCase("CP 1", "character")]
    [TestCase("CP:1", "character")]
    [TestCase("CP/1", "character")]
    [TestCase("CP%2F1", "character")]
    [TestCase("Laddstation-ä", "character")]
    [TestCase("CP\n1", "character")]
    public void Problem_EmptyTooLongOrForbiddenCharacter_SaysWhich(string? id, string problem)
    {
        Assert.That(ChargePointIdentity.Problem(id), Does.Contain(problem));
    }
}
