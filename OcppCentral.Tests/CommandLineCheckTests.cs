namespace OcppCentral.Tests;

public class CommandLineCheckTests
{
    [TestCase("--database", "x.db")]
    [TestCase("--admin-key", "s3cret")]
    [TestCase("--ADMIN-KEY", "s3cret")]
    [TestCase("--admin-key=s3cret")]
    [TestCase("/admin-key", "s3cret")]
    [TestCase("--accept-unknown-chargers", "false", "--accept-unknown-idtags", "false", "--heartbeat-interval", "60")]
    [TestCase("--tls-certificate", "s.pem", "--tls-key", "s.key", "--tls-password", "x", "--tls-client-ca", "ca.pem", "--plain-ws", "false")]
    [TestCase("--log-format", "json", "--LogFormat", "text")]
    [TestCase("--AdminKey", "s3cret")]
    [TestCase("AdminKey=s3cret")]
    [TestCase("--urls", "http://127.0.0.1:0")]
    [TestCase("--environment", "Development")]
    [TestCase("--Ocpp:MaxMessageBytes", "2097152", "--ocpp:keepaliveinterval", "00:00:10")]
    [TestCase("--Ocpp:CallTimeout=00:00:05")]
    [TestCase("--Logging:LogLevel:Default", "Warning", "--Logging:Console:FormatterOptions:SingleLine", "true")]
    [TestCase("--Kestrel:Limits:MaxConcurrentConnections", "20000")]
    [TestCase("--admin-key", "--looks-like-an-option")]
    [TestCase]
    public void Problem_KnownOptions_IsNone(params string[] args) =>
        Assert.That(CommandLineCheck.Problem(args), Is.Null);

    [TestCase(new[] { "--admin-kye", "secret" }, "unknown option --admin-kye; did you mean --admin-key?")]
    [TestCase(new[] { "--databse", "x.db" }, "unknown option --databse; did you mean --database?")]
    [TestCase(new[] { "--admin-kye=secret" }, "unknown option --admin-kye; did you mean --admin-key?")]
    [TestCase(new[] { "--Ocpp:MaxMesageBytes", "2097152" }, "unknown option --Ocpp:MaxMesageBytes; did you mean --Ocpp:MaxMessageBytes?")]
    [TestCase(new[] { "--tls-certifcate", "s.pem" }, "unknown option --tls-certifcate; did you mean --tls-certificate?")]
    [TestCase(new[] { "--log-fromat", "json" }, "unknown option --log-fromat; did you mean --log-format?")]
    [TestCase(new[] { "--url", "http://127.0.0.1:0" }, "unknown option --url; did you mean --urls?")]
    [TestCase(new[] { "-k", "secret" }, "unknown option -k; the options are")]
    [TestCase(new[] { "--help" }, "unknown option --help; the options are --database, --admin-key")]
    [TestCase(new[] { "--admin-key", "my", "secret" }, "unexpected argument 'secret'")]
    public void Problem_UnknownOption_NamesItAndTheClosestKnownOne(string[] args, string expected) =>
        Assert.That(CommandLineCheck.Problem(args), Does.StartWith(expected).And.Not.Contain("\n"));
}
