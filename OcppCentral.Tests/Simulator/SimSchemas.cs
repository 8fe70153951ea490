extern alias sim;

using sim::OcppCentral.Protocol;

namespace OcppCentral.Tests.Simulator;

/// <summary>The simulator's own copy of the schema validator (its linked Protocol sources), loaded once.</summary>
internal static class SimSchemas
{
    private static readonly Lazy<SchemaValidator> Instance = new(() => SchemaValidator.Load(SchemaValidator.DefaultDirectory));

    public static SchemaValidator Validator => Instance.Value;
}
