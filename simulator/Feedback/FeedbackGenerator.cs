namespace ChargeMonitor.Simulator.Feedback;

/// <summary>
/// What a driver thinks of a session: mostly content (4–5), less so when charging was slow, and annoyed
/// (1–2, Reliability) when the charger dropped off or rebooted under them. The category is drawn first and the
/// comment from that category's own list, so a comment always says what its category is about.
/// </summary>
public static class FeedbackGenerator
{
    /// <summary>What content drivers write (rating 4–5), by category; an empty comment is a rating without words.</summary>
    private static readonly Dictionary<string, string[]> Praise = new()
    {
        ["ChargingSpeed"] = ["Good spot, fast charge.", "Full in no time."],
        ["Other"] = ["Quick and easy.", "Worked first time.", ""],
    };

    /// <summary>What disappointed drivers write (rating 1–3), by category: every category of <see cref="DriverFeedback.Categories"/>.</summary>
    private static readonly Dictionary<string, string[]> Complaints = new()
    {
        ["Signage"] = ["Hard to find the charger.", "No sign from the road."],
        ["ChargingSpeed"] = ["Much slower than advertised.", "Took ages, the car barely charged.", "Power dropped near the end."],
        ["Reliability"] = ["The charger stopped in the middle of my session.", "Lost connection, had to check the app twice.", "Unreliable, will avoid."],
        ["Payment"] = ["Payment took several attempts.", "Charged twice for one session."],
        ["Support"] = ["Support did not pick up.", "Nobody answered the help line."],
        ["Other"] = ["Cable too short.", "Bay blocked by a car that was not charging."],
    };

    public static DriverFeedback Draw(Random random, bool disrupted, bool slow)
    {
        if (disrupted)
            return Pick(random, 1 + random.Next(2), "Reliability", Complaints);
        if (slow && random.Next(2) == 0)
            return Pick(random, 2 + random.Next(2), "ChargingSpeed", Complaints);

        var rating = random.Next(100) switch
        {
            < 50 => 5,
            < 80 => 4,
            < 92 => 3,
            < 97 => 2,
            _ => 1,
        };
        return rating >= 4
            ? Pick(random, rating, random.Next(3) == 0 ? "Other" : "ChargingSpeed", Praise)
            : Pick(random, rating, DriverFeedback.Categories[random.Next(DriverFeedback.Categories.Count)], Complaints);
    }

    /// <summary>Every comment the generator may write under <paramref name="category"/> (for tests and reports).</summary>
    public static IReadOnlyList<string> CommentsFor(string category) =>
        [.. Praise.GetValueOrDefault(category, []), .. Complaints.GetValueOrDefault(category, [])];

    private static DriverFeedback Pick(Random random, int rating, string category, Dictionary<string, string[]> table)
    {
        var comments = table[category];
        return new DriverFeedback(rating, category, comments[random.Next(comments.Length)]);
    }
}
