namespace OcppCentral.Sessions;

/// <summary>
/// Something about a session an operator should look at (docs/anomalies-and-feedback.md): a code from <see cref="AnomalyCodes"/>
/// and a detail that says which reading, what value and what was expected.
/// </summary>
public sealed record Anomaly(string Code, string Detail)
{
    public string Code { get; init => field = Guard.NotEmpty(value, nameof(Code)); } = Guard.NotEmpty(Code, nameof(Code));

    public string Detail { get; init => field = Guard.NotEmpty(value, nameof(Detail)); } = Guard.NotEmpty(Detail, nameof(Detail));
}
