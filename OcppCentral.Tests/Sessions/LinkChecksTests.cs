using OcppCentral.Sessions;

namespace OcppCentral.Tests.Sessions;

/// <summary>ChargerOfflineDuringSession and FaultDuringSession from a session's receipts and its charger's events (docs/charger-health.md).</summary>
public class LinkChecksTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 14, 0, 0, TimeSpan.Zero);

    private static MeterSample Register(DateTimeOffset at, decimal wh) =>
        new(at, Measurands.EnergyActiveImportRegister, wh.ToString(System.Globalization.CultureInfo.InvariantCulture), "Wh", null,
            "Sample.Periodic", "Outlet", "Raw", wh, "Wh");

    /// <summary>A session of an hour with a reading every <paramref name="everyMinutes"/> minutes, except those left out.</summary>
    private static SessionFacts Facts(int everyMinutes = 5, params int[] missingMinutes)
    {
        var samples = Enumerable.Range(0, 60 / everyMinutes + 1).Select(i => i * everyMinutes).Where(m => !missingMinutes.Contains(m))
            .Select(m => Register(T0.AddMinutes(m), 1000 + m * 100)).ToList();
        return new SessionFacts(T0, T0.AddHours(1), 1000, 7000, samples);
    }

    private static IReadOnlyList<string> Codes(SessionFacts facts, SessionLink link, int connectorId = 1) =>
        AnomalyDetector.DetectLink(facts, link, connectorId).Select(a => a.Code).ToList();

    private static string Detail(SessionFacts facts, SessionLink link, string code) =>
        AnomalyDetector.DetectLink(facts, link, 1).Single(a => a.Code == code).Detail;

    /// <summary>Every reading of <see cref="Facts"/> received <paramref name="delay"/> after its timestamp, those from minute 20 to 35 at minute 36.</summary>
    private static List<(DateTimeOffset, DateTimeOffset)> Receipts(TimeSpan delay, bool queued) =>
        Enumerable.Range(0, 13).Select(i => T0.AddMinutes(i * 5))
            .Select(t => (t, queued && t >= T0.AddMinutes(20) && t <= T0.AddMinutes(35) ? T0.AddMinutes(36) + delay : t + delay)).ToList();

    [Test]
    public void DetectLink_NothingHappened_NoAnomaly() =>
        Assert.That(Codes(Facts(), new SessionLink(Receipts(TimeSpan.FromSeconds(1), false), [], [], null, T0.AddHours(1))), Is.Empty);

    [Test]
    public void DetectLink_DisconnectedAndBack_IsOfflineNamingTheGap()
    {
        var link = new SessionLink([], [new LinkChange(T0.AddMinutes(10), false, "KeepAliveTimeout"), new LinkChange(T0.AddMinutes(25), true, null)],
            [], null, T0.AddHours(1));

        var detail = Detail(Facts(), link, AnomalyCodes.ChargerOfflineDuringSession);

        Assert.That(detail, Does.Contain("disconnected at 2026-11-24T14:10:00Z (KeepAliveTimeout), back at 2026-11-24T14:25:00Z after 15 minutes"));
    }

    [TestCase("ServerShutdown")]
    [TestCase("ServerStopped")]
    public void DetectLink_ServerRestart_IsNotTheChargersOffline(string reason)
    {
        var link = new SessionLink([], [new LinkChange(T0.AddMinutes(10), false, reason), new LinkChange(T0.AddMinutes(11), true, null)],
            [], null, T0.AddHours(1));

        Assert.That(Codes(Facts(), link), Is.Empty);
    }

    [Test]
    public void DetectLink_Reboot_IsOffline() =>
        Assert.That(Detail(Facts(), new SessionLink([], [], [], T0.AddMinutes(40), T0.AddMinutes(40)), AnomalyCodes.ChargerOfflineDuringSession),
            Does.Contain("rebooted (BootNotification at 2026-11-24T14:40:00Z)"));

    [Test]
    public void DetectLink_ReadingsQueuedAndSentLate_IsOfflineNamingThem()
    {
        var detail = Detail(Facts(), new SessionLink(Receipts(TimeSpan.FromSeconds(2), true), [], [], null, T0.AddHours(1)),
            AnomalyCodes.ChargerOfflineDuringSession);

        Assert.That(detail, Does.Contain("readings from 2026-11-24T14:20:00Z to 2026-11-24T14:30:00Z arrived from 2026-11-24T14:36:02Z, up to 16 minutes late"));
    }

    [Test]
    public void DetectLink_ChargerClockBehindAndNothingLive_IsNotOffline() =>
        Assert.That(Codes(Facts(), new SessionLink(Receipts(TimeSpan.FromMinutes(30), false), [], [], null, T0.AddHours(2))), Is.Empty);

    [Test]
    public void DetectLink_GapInTheReadings_IsOfflineNamingIt()
    {
        var detail = Detail(Facts(5, 20, 25, 30), SessionLink.None(T0.AddHours(1)), AnomalyCodes.ChargerOfflineDuringSession);

        Assert.That(detail, Does.Contain("no readings from 2026-11-24T14:15:00Z to 2026-11-24T14:35:00Z (20 minutes; readings came every 5 minutes)"));
    }

    [Test]
    public void DetectLink_FewReadings_NoGapIsJudged() =>
        Assert.That(Codes(Facts(20), SessionLink.None(T0.AddHours(1))), Is.Empty);

    [TestCase(1, true)]
    [TestCase(0, true)]
    [TestCase(2, false)]
    public void DetectLink_FaultOnTheSessionsConnectorOrTheCharger_IsFaultDuringSession(int faultedConnector, bool flagged)
    {
        var link = new SessionLink([], [], [new ConnectorFault(T0.AddMinutes(30), faultedConnector, "GroundFailure", "RCD tripped")], null, T0.AddHours(1));

        var anomalies = AnomalyDetector.DetectLink(Facts(), link, 1);

        if (flagged)
            Assert.That(anomalies.Single().Detail, Does.Contain($"connector {faultedConnector} Faulted at 2026-11-24T14:30:00Z with GroundFailure (RCD tripped)"));
        else
            Assert.That(anomalies, Is.Empty);
    }
}
