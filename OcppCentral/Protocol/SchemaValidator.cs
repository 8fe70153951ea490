using System.Collections.Frozen;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace OcppCentral.Protocol;

/// <summary>
/// Validates payloads against the official OCPP 1.6 JSON schemas (<c>Action.json</c> for a request,
/// <c>ActionResponse.json</c> for its confirmation) and maps each failure to the CALLERROR code of
/// OCPP-J 1.6 §4.2.3. A payload is first put to its schema's <see cref="CompiledSchema"/>, which accepts a valid
/// one in a few microseconds; NJsonSchema, about ten times slower and allocating tens of kilobytes per message, then
/// judges only the payloads that check does not accept.
/// </summary>
public sealed class SchemaValidator
{
    private readonly FrozenDictionary<string, JsonSchema> _schemas;

    // The fast "certainly valid" checks; a schema they cannot express has none and is always fully validated.
    private readonly FrozenDictionary<string, CompiledSchema> _compiled;

    private SchemaValidator(FrozenDictionary<string, JsonSchema> schemas, FrozenDictionary<string, CompiledSchema> compiled)
    {
        _schemas = schemas;
        _compiled = compiled;
    }

    /// <summary>The folder <c>schemas/</c> beside the running program.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "schemas");

    public static SchemaValidator Load(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"OCPP schema folder '{directory}' does not exist.");
        var schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        var compiled = new Dictionary<string, CompiledSchema>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*.json"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var text = File.ReadAllText(file);
            schemas[name] = JsonSchema.FromJsonAsync(text).GetAwaiter().GetResult();
            if (TryCompile(text) is { } check)
                compiled[name] = check;
        }
        if (schemas.Count == 0)
            throw new InvalidOperationException($"OCPP schema folder '{directory}' holds no schema.");
        return new SchemaValidator(schemas.ToFrozenDictionary(StringComparer.Ordinal), compiled.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The schemas that have a fast check (all of the official 1.6 ones); the others are always validated in full.</summary>
    public IReadOnlyCollection<string> CompiledSchemas => _compiled.Keys;

    private static CompiledSchema? TryCompile(string text)
    {
        try
        {
            return CompiledSchema.Compile(JObject.Parse(text));
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>True when OCPP 1.6 defines this action (a request schema exists for it).</summary>
    public bool IsKnownAction(string action) => !action.EndsWith("Response", StringComparison.Ordinal) && _schemas.ContainsKey(action);

    public SchemaViolation? ValidateRequest(string action, JObject payload) => Validate(action, payload);

    public SchemaViolation? ValidateResponse(string action, JObject payload) => Validate(action + "Response", payload);

    private SchemaViolation? Validate(string schemaName, JObject payload)
    {
        if (!_schemas.TryGetValue(schemaName, out var schema))
            return new SchemaViolation(OcppErrorCode.NotImplemented, $"No schema for '{schemaName}'.");
        // Nearly every payload is valid: the compiled check says so without allocating. Only a payload it does not
        // accept pays for the full validator, which finds what is wrong and so the CALLERROR code.
        if (_compiled.TryGetValue(schemaName, out var check) && AcceptedByCompiledCheck(check, payload))
            return null;

        ICollection<ValidationError> errors;
        try
        {
            errors = schema.Validate(payload);
        }
        catch (Exception ex) when (ex is OverflowException or InvalidCastException)
        {
            // The validator cannot compare integers beyond 64 bits, yet JSON allows them and chargers send them
            // (docs/anomalies-and-feedback.md: any JSON integer as transactionId). The 1.6 schemas set no bounds on such fields, so the
            // payload is checked with each huge integer replaced by the largest 64-bit one of the same sign.
            errors = schema.Validate(WithClampedIntegers(payload));
        }
        if (errors.Count == 0)
            return null;

        var leaves = Flatten(errors).ToList();
        var worst = leaves.OrderBy(e => Rank(CodeFor(e.Kind))).First();
        var description = string.Join("; ", leaves.Take(5).Select(Describe));
        return new SchemaViolation(CodeFor(worst.Kind), description);
    }

    /// <summary>The fast check must not be what leaves a CALL unanswered: should it ever throw, the full validator judges.</summary>
    private static bool AcceptedByCompiledCheck(CompiledSchema check, JObject payload)
    {
        try
        {
            return check.Accepts(payload);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }
    }

    private static JObject WithClampedIntegers(JObject payload)
    {
        var copy = (JObject)payload.DeepClone();
        foreach (var value in copy.DescendantsAndSelf().OfType<JValue>().Where(v => v.Value is System.Numerics.BigInteger).ToList())
            value.Value = ((System.Numerics.BigInteger)value.Value!).Sign < 0 ? long.MinValue : long.MaxValue;
        return copy;
    }

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
            {
                foreach (var inner in Flatten(child.Errors.SelectMany(pair => pair.Value)))
                    yield return inner;
            }
            else
            {
                yield return error;
            }
        }
    }

    /// <summary>OCPP-J 1.6 §4.2.3, applied to JSON-schema keywords.</summary>
    internal static string CodeFor(ValidationErrorKind kind) => kind switch
    {
        ValidationErrorKind.StringExpected or ValidationErrorKind.NumberExpected or ValidationErrorKind.IntegerExpected
            or ValidationErrorKind.BooleanExpected or ValidationErrorKind.ObjectExpected or ValidationErrorKind.ArrayExpected
            or ValidationErrorKind.NullExpected or ValidationErrorKind.NoTypeValidates => OcppErrorCode.TypeConstraintViolation,
        ValidationErrorKind.PropertyRequired or ValidationErrorKind.TooManyItems or ValidationErrorKind.TooFewItems
            or ValidationErrorKind.TooManyProperties or ValidationErrorKind.TooFewProperties => OcppErrorCode.OccurenceConstraintViolation,
        ValidationErrorKind.StringTooLong or ValidationErrorKind.StringTooShort or ValidationErrorKind.PatternMismatch
            or ValidationErrorKind.NumberTooSmall or ValidationErrorKind.NumberTooBig or ValidationErrorKind.IntegerTooBig
            or ValidationErrorKind.NumberNotMultipleOf or ValidationErrorKind.IntegerNotMultipleOf
            or ValidationErrorKind.NotInEnumeration or ValidationErrorKind.DateTimeExpected or ValidationErrorKind.DateExpected
            or ValidationErrorKind.TimeExpected or ValidationErrorKind.UriExpected => OcppErrorCode.PropertyConstraintViolation,
        _ => OcppErrorCode.FormationViolation,
    };

    private static int Rank(string code) => code switch
    {
        OcppErrorCode.FormationViolation => 0,
        OcppErrorCode.TypeConstraintViolation => 1,
        OcppErrorCode.OccurenceConstraintViolation => 2,
        _ => 3,
    };

    private static string Describe(ValidationError error)
    {
        var where = string.IsNullOrEmpty(error.Path) ? "#" : error.Path;
        return $"{error.Kind} at {where}";
    }
}
