namespace ChargeMonitor.Simulator.Feedback;

/// <summary>
/// What a driver thinks of a session: mostly content (4–5), less so when charging was slow, and annoyed
/// (1–2, Reliability) when the charger dropped off or rebooted under them.
/// </summary>
public static class FeedbackGenerator
{
    public static DriverFeedback Draw(Random random, bool disrupted, bool slow)
    {
        if (disrupted)
            return Pick(random, 1 + random.Next(2), "Reliability",
                ["The charger stopped in the middle of my session.", "Lost connection, had to check the app twice.", "Unreliable, will avoid."]);
        if (slow && random.Next(2) == 0)
            return Pick(random, 2 + random.Next(2), "ChargingSpeed",
                ["Much slower than advertised.", "Took ages, the car barely charged.", "Power dropped near the end."]);

        var rating = random.Next(100) switch
        {
            < 50 => 5,
            < 80 => 4,
            < 92 => 3,
            < 97 => 2,
            _ => 1,
        };
        return rating >= 4
            ? Pick(random, rating, random.Next(3) == 0 ? "Other" : "ChargingSpeed", ["Quick and easy.", "Worked first time.", "Good spot, fast charge.", ""])
            : Pick(random, rating, DriverFeedback.Categories[random.Next(DriverFeedback.Categories.Count)],
                ["Hard to find the charger.", "Payment took several attempts.", "Support did not pick up.", "Cable too short."]);
    }

    private static DriverFeedback Pick(Random random, int rating, string category, string[] comments) =>
        new(rating, category, comments[random.Next(comments.Length)]);
}
