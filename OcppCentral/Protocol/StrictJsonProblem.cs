namespace OcppCentral.Protocol;

/// <summary>
/// What <see cref="StrictJson"/> found wrong with a frame's text, and what it had read of the message array by then:
/// its type and id, when they came before the problem.
/// </summary>
internal readonly record struct StrictJsonProblem(StrictJsonProblem.Kind Problem, string Description, long? TypeId, string? MessageId)
{
    public enum Kind
    {
        /// <summary>Not JSON as RFC 8259 defines it (Newtonsoft.Json might have read it).</summary>
        NotStrict,

        /// <summary>Strict JSON, but a number no OCPP field and no parser here can hold.</summary>
        NumberOutOfRange,
    }
}
