using System.Text.Json;
using OcppCentral.Admin.Feedback;

namespace OcppCentral.Tests.Admin;

public class FeedbackFormTests
{
    private static (FeedbackForm? Form, IDictionary<string, string[]> Errors) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return FeedbackForm.Read(document.RootElement);
    }

    [TestCase("""{ "rating": 1, "category": "Signage" }""", 1, "Signage", null)]
    [TestCase("""{ "rating": 5, "category": "ChargingSpeed", "comment": "Fast." }""", 5, "ChargingSpeed", "Fast.")]
    [TestCase("""{ "rating": 4.0, "category": "Other", "comment": null }""", 4, "Other", null)]
    [TestCase("""{ "rating": 3, "category": "Payment", "comment": "   " }""", 3, "Payment", null)]
    [TestCase("""{ "rating": 2, "category": "Support", "extra": true }""", 2, "Support", null)]
    public void Read_ValidBody_IsTheForm(string json, int rating, string category, string? comment)
    {
        var (form, errors) = Read(json);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Is.Empty);
            Assert.That(form, Is.EqualTo(new FeedbackForm(rating, category, comment)));
        }
    }

    [TestCase("""{ "category": "Signage" }""", "rating", "it is missing")]
    [TestCase("""{ "rating": null, "category": "Signage" }""", "rating", "it is missing")]
    [TestCase("""{ "rating": 0, "category": "Signage" }""", "rating", "got 0")]
    [TestCase("""{ "rating": 6, "category": "Signage" }""", "rating", "got 6")]
    [TestCase("""{ "rating": -1, "category": "Signage" }""", "rating", "got -1")]
    [TestCase("""{ "rating": 4.5, "category": "Signage" }""", "rating", "got 4.5")]
    [TestCase("""{ "rating": "5", "category": "Signage" }""", "rating", "got \"5\"")]
    [TestCase("""{ "rating": true, "category": "Signage" }""", "rating", "got true")]
    [TestCase("""{ "rating": 1e400, "category": "Signage" }""", "rating", "got 1e400")]
    [TestCase("""{ "rating": 3 }""", "category", "it is missing")]
    [TestCase("""{ "rating": 3, "category": "Parking" }""", "category", "got \"Parking\"")]
    [TestCase("""{ "rating": 3, "category": "signage" }""", "category", "got \"signage\"")]
    [TestCase("""{ "rating": 3, "category": 2 }""", "category", "got 2")]
    [TestCase("""{ "rating": 3, "category": "Other", "comment": 7 }""", "comment", "comment is text")]
    [TestCase("""[ 3, "Other" ]""", "body", "JSON object")]
    public void Read_InvalidField_NamesIt(string json, string field, string says)
    {
        var (form, errors) = Read(json);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(form, Is.Null);
            Assert.That(errors.Keys, Is.EqualTo(new[] { field }));
            Assert.That(errors[field].Single(), Does.Contain(says));
        }
    }

    [Test]
    public void Read_SeveralInvalidFields_NamesEachOfThem()
    {
        var (_, errors) = Read($$"""{ "rating": 9, "category": "Nope", "comment": "{{new string('x', 2001)}}" }""");

        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "rating", "category", "comment" }));
    }

    [Test]
    public void Read_CommentOf2000Characters_IsAccepted()
    {
        var (form, _) = Read($$"""{ "rating": 3, "category": "Other", "comment": "{{new string('x', 2000)}}" }""");

        Assert.That(form!.Comment, Has.Length.EqualTo(2000));
    }

    [Test]
    public void Read_CommentOf2001Characters_IsTooLong()
    {
        var (_, errors) = Read($$"""{ "rating": 3, "category": "Other", "comment": "{{new string('x', 2001)}}" }""");

        Assert.That(errors["comment"].Single(), Is.EqualTo("comment has at most 2000 characters; got 2001."));
    }

    [Test]
    public void Read_CommentOf2000Emoji_CountsEachOnce()
    {
        var emoji = string.Concat(Enumerable.Repeat("\U0001F50C", 2000));

        var (form, errors) = Read(JsonSerializer.Serialize(new { rating = 3, category = "Other", comment = emoji }));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Is.Empty);
            Assert.That(form!.Comment, Is.EqualTo(emoji));
        }
    }
}
