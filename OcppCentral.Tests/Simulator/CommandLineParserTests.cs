extern alias sim;

using sim::ChargeMonitor.Simulator.Charging;
using sim::ChargeMonitor.Simulator.Cli;
using sim::ChargeMonitor.Simulator.Scenarios;

namespace OcppCentral.Tests.Simulator;

public class CommandLineParserTests
{
    [Test]
    public void Parse_Nothing_GivesTheDefaults()
    {
        var options = CommandLineParser.Parse([]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.Url, Is.EqualTo(new Uri("ws://localhost:8180/ocpp")));
            Assert.That((options.Chargers, options.IdPrefix, options.Sessions), Is.EqualTo((1, "SIM-", (int?)null)));
            Assert.That((options.SessionSeconds, options.MeterIntervalSeconds), Is.EqualTo((60.0, 10.0)));
            Assert.That((options.Load, options.Seconds, options.Rate, options.ConnectConcurrency), Is.EqualTo((false, 60.0, (double?)null, 200)));
            Assert.That(options.Warmup, Is.EqualTo(5.0));
            Assert.That((options.Scenarios, options.Seed, options.Feedback), Is.EqualTo((Scenario.None, (int?)null, false)));
        }
    }

    [Test]
    public void Parse_TheIssueExample_ReadsEveryValue()
    {
        var options = CommandLineParser.Parse(["--url", "ws://example.test:9000/ocpp", "--chargers", "5", "--id-prefix", "CP-",
            "--sessions", "3", "--session-seconds", "12.5", "--meter-interval=2", "--seed", "-7", "--scenario", "offline,clock-skew",
            "--password", "secret", "--feedback", "--admin-key", "k", "--idle-seconds", "0", "--charger-kind", "DC150"]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.Url.Port, Is.EqualTo(9000));
            Assert.That((options.Chargers, options.IdPrefix, options.Sessions), Is.EqualTo((5, "CP-", (int?)3)));
            Assert.That((options.SessionSeconds, options.MeterIntervalSeconds, options.IdleSeconds), Is.EqualTo((12.5, 2.0, (double?)0)));
            Assert.That((options.Seed, options.Scenarios), Is.EqualTo(((int?)-7, Scenario.Offline | Scenario.ClockSkew)));
            Assert.That((options.Password, options.Feedback, options.AdminKey), Is.EqualTo(("secret", true, "k")));
            Assert.That(options.ChargerKind, Is.EqualTo(ChargerKind.Dc150));
        }
    }

    [Test]
    public void Parse_LoadMode_ReadsItsOptions()
    {
        var options = CommandLineParser.Parse(["--load", "--chargers", "2000", "--seconds", "60", "--warmup", "10", "--rate", "5000",
            "--connect-concurrency", "50"]);

        Assert.That((options.Load, options.Chargers, options.Seconds, options.Warmup, options.Rate, options.ConnectConcurrency),
            Is.EqualTo((true, 2000, 60.0, 10.0, (double?)5000, 50)));
    }

    [TestCase("0", 0.0)]
    [TestCase("2.5", 2.5)]
    [TestCase("3600", 3600.0)]
    public void Parse_Warmup_ZeroToAnHour(string value, double seconds)
    {
        var options = CommandLineParser.Parse(["--load", "--warmup", value]);

        Assert.That(SimulatorApp.ToLoadOptions(options).Warmup, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [Test]
    public void ToLoadOptions_WithoutWarmup_WarmsUpFiveSeconds()
    {
        var load = SimulatorApp.ToLoadOptions(CommandLineParser.Parse(["--load", "--seconds", "20"]));

        Assert.That((load.Warmup, load.Duration), Is.EqualTo((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20))));
    }

    [TestCase("-h")]
    [TestCase("--help")]
    public void Parse_Help_IsHelpWhateverElseIsGiven(string flag)
    {
        Assert.That(CommandLineParser.Parse(["--rate", "5", flag]).Help, Is.True);
    }

    [TestCase(new[] { "--bogus" }, "Unknown option '--bogus'")]
    [TestCase(new[] { "--chargers" }, "--chargers needs a value")]
    [TestCase(new[] { "--chargers", "--load" }, "--chargers needs a value")]
    [TestCase(new[] { "--chargers", "0" }, "--chargers: '0' is not a whole number")]
    [TestCase(new[] { "--chargers", "1", "--chargers", "2" }, "--chargers is given twice")]
    [TestCase(new[] { "--session-seconds", "1,5" }, "--session-seconds: '1,5' is not a number")]
    [TestCase(new[] { "--url", "http://localhost:8180/ocpp" }, "--url: 'http://localhost:8180/ocpp' is not a ws://")]
    [TestCase(new[] { "--scenario", "offline,flood" }, "--scenario: unknown scenario")]
    [TestCase(new[] { "--charger-kind", "ac7" }, "--charger-kind: unknown kind 'ac7'")]
    [TestCase(new[] { "--feedback=yes" }, "--feedback takes no value")]
    [TestCase(new[] { "--rate", "10" }, "--rate cannot be used without --load")]
    [TestCase(new[] { "--warmup", "2" }, "--warmup cannot be used without --load")]
    [TestCase(new[] { "--load", "--warmup", "-1" }, "--warmup: '-1' is not a number from 0 to 3600")]
    [TestCase(new[] { "--load", "--warmup", "3601" }, "--warmup: '3601' is not a number from 0 to 3600")]
    [TestCase(new[] { "--load", "--warmup" }, "--warmup needs a value")]
    [TestCase(new[] { "--load", "--scenario", "offline" }, "--scenario cannot be used with --load")]
    [TestCase(new[] { "--admin-key", "k" }, "--admin-key is used with --feedback")]
    [TestCase(new[] { "--id-prefix", "a/b" }, "--id-prefix")]
    [TestCase(new[] { "--ca", "ca.pem" }, "--ca and --client-certificate are used with a wss:// --url")]
    [TestCase(new[] { "--url", "wss://localhost:8443/ocpp", "--client-key", "c.key" }, "--client-key and --client-certificate-password are used with --client-certificate")]
    public void Parse_BadCommandLine_SaysWhy(string[] args, string message)
    {
        Assert.That(() => CommandLineParser.Parse(args), Throws.InstanceOf<CommandLineException>().With.Message.StartsWith(message));
    }

    [Test]
    public void HelpText_ListsEveryOption()
    {
        var help = HelpText.Build();

        Assert.That(OptionTable.All.Select(o => o.Name), Is.All.Matches<string>(name => help.Contains(name + " ", StringComparison.Ordinal)));
    }

    [Test]
    public async Task RunAsync_BadOption_ExitsWithUsageCodeAndOneLine()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await SimulatorApp.RunAsync(["--nope"], output, error, CancellationToken.None);

        Assert.That((code, error.ToString().Trim()), Is.EqualTo((2, "simulator: Unknown option '--nope'. See --help.")));
    }

    [Test]
    public async Task RunAsync_UnreadableCaFile_ExitsWithUsageCodeBeforeConnecting()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await SimulatorApp.RunAsync(["--url", "wss://127.0.0.1:1/ocpp", "--ca", "/nonexistent/ca.pem"], output, error, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error.ToString(), Does.StartWith("simulator: cannot read the TLS files:"));
        }
    }

    [Test]
    public void ToFleetOptions_CarriesTheCommandLineIntoEachCharger()
    {
        var options = CommandLineParser.Parse(["--chargers", "3", "--sessions", "2", "--session-seconds", "30", "--meter-interval", "5",
            "--scenario", "duplicate", "--feedback", "--admin-key", "k", "--password", "pw"]);

        var fleet = SimulatorApp.ToFleetOptions(options, seed: 11);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((fleet.Chargers, fleet.IdFor(3)), Is.EqualTo((3, "SIM-0003")));
            Assert.That((fleet.Template.Sessions, fleet.Template.SessionDuration, fleet.Template.MeterInterval),
                Is.EqualTo(((int?)2, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5))));
            Assert.That((fleet.Template.Scenarios, fleet.Template.Seed, fleet.Template.Password, fleet.Template.Feedback?.AdminKey),
                Is.EqualTo((Scenario.Duplicate, 11, "pw", "k")));
        }
    }
}
