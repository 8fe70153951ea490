extern alias sim;

using System.Globalization;
using sim::ChargeMonitor.Simulator.Charging;
using sim::ChargeMonitor.Simulator.Client;
using sim::OcppCentral.Messages;

namespace OcppCentral.Tests.Simulator;

public class MeterValueFactoryTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 14, 50, 0, TimeSpan.Zero);
    private static readonly MeterReading Reading = new(At, 13_000.7m, 11_040.4m, 55.25m,
        [new PhaseCurrent("L1", 16m), new PhaseCurrent("L2", 16m), new PhaseCurrent("L3", 16m)]);

    [Test]
    public void Register_InWh_IsTheWholeWhNumber()
    {
        var value = MeterValueFactory.Register(13_000, MeterValueFactory.SamplePeriodic, EnergyUnit.Wh);

        Assert.That((value.Value, value.Unit, value.Measurand), Is.EqualTo(("13000", "Wh", "Energy.Active.Import.Register")));
    }

    [Test]
    public void Register_InKwh_HasThreeDecimals()
    {
        var value = MeterValueFactory.Register(3_018_760, MeterValueFactory.SamplePeriodic, EnergyUnit.KWh);

        Assert.That((value.Value, value.Unit), Is.EqualTo(("3018.760", "kWh")));
    }

    [Test]
    [SetCulture("sv-SE")]
    public void Full_UnderACommaCulture_WritesInvariantNumbers()
    {
        var values = MeterValueFactory.Full(Reading, MeterValueFactory.SamplePeriodic, EnergyUnit.KWh).SampledValue;

        Assert.That(values.Select(v => v.Value), Is.EqualTo(new[] { "13.000", "11040", "16", "16", "16", "55.3" }));
        Assert.That(CultureInfo.CurrentCulture.NumberFormat.NumberDecimalSeparator, Is.EqualTo(","), "the culture under test");
    }

    [Test]
    public void Full_CarriesRegisterPowerCurrentPerPhaseAndSoc()
    {
        var values = MeterValueFactory.Full(Reading, MeterValueFactory.SamplePeriodic, EnergyUnit.Wh).SampledValue;

        Assert.That(values.Select(v => (v.Measurand, v.Phase, v.Unit)), Is.EqualTo(new (string?, string?, string?)[]
        {
            ("Energy.Active.Import.Register", null, "Wh"),
            ("Power.Active.Import", null, "W"),
            ("Current.Import", "L1", "A"),
            ("Current.Import", "L2", "A"),
            ("Current.Import", "L3", "A"),
            ("SoC", null, "Percent"),
        }));
    }

    [Test]
    public void Full_InAMeterValuesRequest_IsValidAgainstTheSchema()
    {
        var request = new MeterValuesRequest(1, [MeterValueFactory.Full(Reading, MeterValueFactory.SamplePeriodic, EnergyUnit.KWh)], 42);

        Assert.That(SimSchemas.Validator.ValidateRequest("MeterValues", OcppPayload.From(request)), Is.Null);
    }

    [Test]
    public void RegisterOnly_TransactionEnd_IsValidInAStopTransaction()
    {
        var stop = new StopTransactionRequest(13_000, At, long.MaxValue - 5, "TAG", "EVDisconnected",
            [MeterValueFactory.RegisterOnly(At, 13_000, MeterValueFactory.TransactionEnd, EnergyUnit.Wh)]);

        var payload = OcppPayload.From(stop);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(SimSchemas.Validator.ValidateRequest("StopTransaction", payload), Is.Null);
            Assert.That(payload["transactionId"]!.ToString(), Is.EqualTo("9223372036854775802"));
            Assert.That(payload["timestamp"]!.ToString(), Is.EqualTo("2026-11-24T14:50:00.000Z"));
        }
    }
}
