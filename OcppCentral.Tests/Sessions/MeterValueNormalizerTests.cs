using System.Globalization;
using OcppCentral.Messages;
using OcppCentral.Sessions;

namespace OcppCentral.Tests.Sessions;

public class MeterValueNormalizerTests
{
    private static readonly DateTimeOffset Timestamp = SessionSamples.At("14:50");

    [TestCase("Energy.Active.Import.Register", "kWh", "12.345", "12345", "Wh")]
    [TestCase("Energy.Active.Import.Register", "Wh", "12345", "12345", "Wh")]
    [TestCase("Energy.Active.Import.Register", "Wh", "12.345", "12.345", "Wh")]
    [TestCase("Energy.Active.Export.Register", "kWh", "1", "1000", "Wh")]
    [TestCase("Energy.Active.Import.Interval", "kWh", "0.5", "500", "Wh")]
    [TestCase("Energy.Reactive.Import.Register", "kvarh", "2", "2000", "varh")]
    [TestCase("Energy.Reactive.Export.Interval", "varh", "7", "7", "varh")]
    [TestCase("Power.Active.Import", "kW", "7.4", "7400", "W")]
    [TestCase("Power.Active.Import", "W", "7400", "7400", "W")]
    [TestCase("Power.Offered", "kW", "11", "11000", "W")]
    [TestCase("Power.Reactive.Import", "kvar", "1.2", "1200", "var")]
    [TestCase("Current.Import", "A", "16.5", "16.5", "A")]
    [TestCase("Voltage", "V", "230.1", "230.1", "V")]
    [TestCase("SoC", "Percent", "80", "80", "Percent")]
    [TestCase("Temperature", "Celsius", "21.5", "21.5", "Celsius")]
    [TestCase("Temperature", "Celcius", "21.5", "21.5", "Celsius")]
    [TestCase("Temperature", "Fahrenheit", "70", "70", "Fahrenheit")]
    [TestCase("Power.Factor", "", "0.98", "0.98", "")]
    [TestCase("Energy.Active.Import.Register", "A", "5", "5", "A")]
    public void Normalize_ValueInUnit_IsUnderstoodInComputationUnit(
        string measurand, string unit, string value, string expectedValue, string expectedUnit)
    {
        var sample = MeterValueNormalizer.Normalize(Timestamp, new SampledValue(value, null, null, measurand, null, null, unit));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sample.NormalizedValue, Is.EqualTo(decimal.Parse(expectedValue, CultureInfo.InvariantCulture)));
            Assert.That(sample.NormalizedUnit, Is.EqualTo(expectedUnit));
            Assert.That(sample.Value, Is.EqualTo(value));
            Assert.That(sample.Unit, Is.EqualTo(unit.Length > 0 ? unit : ""));
        }
    }

    [TestCase(null, "Wh")]
    [TestCase("Energy.Active.Import.Register", "Wh")]
    [TestCase("Energy.Active.Import.Interval", "Wh")]
    [TestCase("Energy.Reactive.Export.Register", "varh")]
    [TestCase("Power.Active.Import", "W")]
    [TestCase("Power.Offered", "W")]
    [TestCase("Power.Reactive.Import", "var")]
    [TestCase("Current.Import", "A")]
    [TestCase("Current.Offered", "A")]
    [TestCase("Voltage", "V")]
    [TestCase("SoC", "Percent")]
    [TestCase("Temperature", "Celsius")]
    [TestCase("Frequency", "")]
    [TestCase("Power.Factor", "")]
    [TestCase("RPM", "")]
    public void Normalize_MissingUnit_DefaultsByMeasurand(string? measurand, string expectedUnit)
    {
        var sample = MeterValueNormalizer.Normalize(Timestamp, new SampledValue("42", null, null, measurand, null, null, null));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sample.Unit, Is.EqualTo(expectedUnit));
            Assert.That(sample.NormalizedUnit, Is.EqualTo(expectedUnit));
            Assert.That(sample.NormalizedValue, Is.EqualTo(42m));
        }
    }

    [Test]
    public void Normalize_OnlyValue_AppliesOcppDefaults()
    {
        var sample = MeterValueNormalizer.Normalize(Timestamp, new SampledValue("12345", null, null, null, null, null, null));

        Assert.That(sample, Is.EqualTo(new MeterSample(
            Timestamp, "Energy.Active.Import.Register", "12345", "Wh", Phase: null,
            "Sample.Periodic", "Outlet", "Raw", 12345m, "Wh")));
    }

    [Test]
    public void Normalize_EmptyOptionalFields_AreTreatedAsAbsent()
    {
        var sample = MeterValueNormalizer.Normalize(Timestamp, new SampledValue("1", "", "", "", "", "", ""));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sample.Measurand, Is.EqualTo(Measurands.EnergyActiveImportRegister));
            Assert.That(sample.Unit, Is.EqualTo("Wh"));
            Assert.That(sample.Phase, Is.Null);
            Assert.That(sample.Context, Is.EqualTo(SampleContexts.SamplePeriodic));
            Assert.That(sample.Location, Is.EqualTo(SampleLocations.Outlet));
            Assert.That(sample.Format, Is.EqualTo(SampleFormats.Raw));
        }
    }

    [Test]
    public void Normalize_SentFields_AreKeptAsSent()
    {
        var sent = new SampledValue(" 0230.50 ", "Transaction.End", "Raw", "Voltage", "L2-N", "Inlet", "V");

        var sample = MeterValueNormalizer.Normalize(Timestamp, sent);

        Assert.That(sample, Is.EqualTo(new MeterSample(
            Timestamp, "Voltage", " 0230.50 ", "V", "L2-N", "Transaction.End", "Inlet", "Raw", 230.5m, "V")));
    }

    [Test]
    public void Normalize_SignedData_IsStoredButNotComputedWith()
    {
        const string blob = "AP;0;3;ALCV3ABBBISHMA2RYVJH2OJHIWUEQC";
        var sample = MeterValueNormalizer.Normalize(Timestamp, new SampledValue(blob, null, "SignedData", null, null, null, "Wh"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sample.Value, Is.EqualTo(blob));
            Assert.That(sample.Format, Is.EqualTo(SampleFormats.SignedData));
            Assert.That(sample.NormalizedValue, Is.Null);
            Assert.That(sample.NormalizedUnit, Is.Null);
        }
    }

    [Test]
    public void Normalize_SignedDataThatLooksNumeric_IsStillNotComputedWith()
    {
        var sample = MeterValueNormalizer.Normalize(Timestamp, new SampledValue("12345", null, "SignedData", null, null, null, null));

        Assert.That(sample.NormalizedValue, Is.Null);
    }

    [TestCase("abc")]
    [TestCase("12,5")]
    [TestCase("")]
    [TestCase("NaN")]
    [TestCase("Infinity")]
    [TestCase("1e40")]
    public void Normalize_UnparsableValue_HasNoNormalizedValue(string value)
    {
        var sample = MeterValueNormalizer.Normalize(Timestamp, new SampledValue(value, null, null, null, null, null, "kWh"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sample.Value, Is.EqualTo(value));
            Assert.That(sample.NormalizedValue, Is.Null);
            Assert.That(sample.NormalizedUnit, Is.Null);
        }
    }

    [Test]
    [SetCulture("sv-SE")]
    public void Normalize_ServerCultureWithDecimalComma_StillParsesInvariantly()
    {
        var sample = MeterValueNormalizer.Normalize(Timestamp, new SampledValue("12.345", null, null, null, null, null, "kWh"));

        Assert.That(sample.NormalizedValue, Is.EqualTo(12345m));
    }

    [Test]
    public void Normalize_KilowattHours_HaveNoTrailingZeros()
    {
        var sample = MeterValueNormalizer.Normalize(Timestamp, new SampledValue("12.345", null, null, null, null, null, "kWh"));

        Assert.That(sample.NormalizedValue!.Value.ToString(CultureInfo.InvariantCulture), Is.EqualTo("12345"));
    }

    [Test]
    public void Normalize_NullSampledValue_Throws() =>
        Assert.That(() => MeterValueNormalizer.Normalize(Timestamp, null!), Throws.ArgumentNullException);
}
