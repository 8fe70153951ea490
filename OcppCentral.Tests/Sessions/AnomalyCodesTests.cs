using System.Reflection;
using OcppCentral.Sessions;

namespace OcppCentral.Tests.Sessions;

public class AnomalyCodesTests
{
    [Test]
    public void Constants_AreSpec6CodesPlusOurOwn()
    {
        var constants = typeof(AnomalyCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(constants.Keys, Is.EquivalentTo(new[]
            {
                "MeterWentBackwards", "MeterStopBelowStart", "MeterStopMismatch", "ImplausiblePower", "StopBeforeStart",
                "TimestampInFuture", "ZeroEnergy", "InterruptedByReboot", "Superseded", "NoTariff",
                // Our own: a session whose times or readings cannot be measured, and readings outside the session (issue 10).
                "Unmeasurable", "ReadingOutsideSession",
                // Charger health (issue 14, docs/charger-health.md).
                "ChargerOfflineDuringSession", "FaultDuringSession",
                // Our own: the session reached the limit of samples per session (issue 11).
                "SampleLimitReached",
                // A session still Active whose charger fell silent about it (issue 13, docs/corrections.md).
                "NoStopReceived",
            }));
            Assert.That(constants, Has.All.Matches<KeyValuePair<string, string>>(c => c.Key == c.Value));
        }
    }
}
