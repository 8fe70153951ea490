using OcppCentral.Storage;

namespace OcppCentral.Tests.Storage;

public class PasswordHashTests
{
    [Test]
    public void Verify_TheRightPassword_IsTrue_AnotherIsFalse()
    {
        var stored = PasswordHash.Create("correct-horse");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(PasswordHash.Verify("correct-horse", stored), Is.True);
            Assert.That(PasswordHash.Verify("correct-horsE", stored), Is.False);
        }
    }

    [TestCase("", TestName = "Verify_EmptyStoredValue_IsFalse")]
    [TestCase("plain-text-password", TestName = "Verify_StoredValueNotAHash_IsFalse")]
    [TestCase("pbkdf2-sha256$20000$c2FsdHNhbHRzYWx0c2FsdA==", TestName = "Verify_StoredHashCutOff_IsFalse")]
    [TestCase("pbkdf2-sha256$20000$not*base64$AAAA", TestName = "Verify_SaltNotBase64_IsFalse")]
    [TestCase("pbkdf2-sha256$20000$c2FsdHNhbHRzYWx0c2FsdA==$%%%", TestName = "Verify_HashNotBase64_IsFalse")]
    [TestCase("pbkdf2-sha256$20000$c2FsdHNhbHRzYWx0c2FsdA==$", TestName = "Verify_EmptyHash_IsFalseNotAMatchForAnything")]
    [TestCase("pbkdf2-sha256$20000$$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", TestName = "Verify_EmptySalt_IsFalse")]
    [TestCase("pbkdf2-sha256$0$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", TestName = "Verify_ZeroIterations_IsFalse")]
    [TestCase("pbkdf2-sha256$-5$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", TestName = "Verify_NegativeIterations_IsFalse")]
    [TestCase("pbkdf2-sha256$2147483647$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", TestName = "Verify_AbsurdIterations_IsFalseWithoutComputing")]
    [TestCase("pbkdf2-sha256$99999999999$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", TestName = "Verify_IterationsBeyondInt_IsFalse")]
    [TestCase("md5$20000$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", TestName = "Verify_OtherAlgorithm_IsFalse")]
    public void Verify_CorruptStoredHash_RefusesInsteadOfThrowing(string stored)
    {
        Assert.That(PasswordHash.Verify("any-password", stored), Is.False);
    }
}
