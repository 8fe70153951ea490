using OcppCentral.Sessions;

namespace OcppCentral.Web.Shared;

/// <summary>Each anomaly code in plain words for the console; the stored detail adds the figures.</summary>
public static class AnomalyWords
{
    public static string Title(string code) => code switch
    {
        AnomalyCodes.MeterWentBackwards => "The meter went backwards",
        AnomalyCodes.MeterStopBelowStart => "The final meter reading is below the start",
        AnomalyCodes.MeterStopMismatch => "The final meter reading disagrees with the readings",
        AnomalyCodes.ImplausiblePower => "Implausibly high power",
        AnomalyCodes.StopBeforeStart => "Stopped before it started",
        AnomalyCodes.TimestampInFuture => "The charger's clock is ahead",
        AnomalyCodes.ZeroEnergy => "No energy was delivered",
        AnomalyCodes.InterruptedByReboot => "The charger rebooted during the session",
        AnomalyCodes.Superseded => "A new session started on the same connector",
        AnomalyCodes.NoTariff => "No tariff applied, so no price",
        AnomalyCodes.Unmeasurable => "Figures beyond anything a charger can mean",
        AnomalyCodes.ChargerOfflineDuringSession => "The charger was offline during the session",
        AnomalyCodes.FaultDuringSession => "The charger reported a fault during the session",
        _ => code,
    };
}
