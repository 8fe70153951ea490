using OcppCentral.Protocol;

namespace OcppCentral.Tests.TestSupport;

/// <summary>The schemas copied beside the test assembly, loaded once.</summary>
public static class Schemas
{
    private static readonly Lazy<SchemaValidator> Instance = new(() => SchemaValidator.Load(SchemaValidator.DefaultDirectory));

    public static SchemaValidator Validator => Instance.Value;
}
