using Microsoft.Extensions.Options;

namespace OcppCentral;

/// <summary>
/// Validates settings with a method of theirs that says what is wrong (or null), so a failed start names the setting
/// and the rule in one line.
/// </summary>
public sealed class ProblemValidation<TOptions>(Func<TOptions, string?> problem) : IValidateOptions<TOptions> where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options) =>
        problem(options) is { } reason ? ValidateOptionsResult.Fail(reason) : ValidateOptionsResult.Success;
}
