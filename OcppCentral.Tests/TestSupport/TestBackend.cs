namespace OcppCentral.Tests.TestSupport;

/// <summary>
/// The storage backends tests run on (docs/testing.md). Fixtures that exercise storage take one as a fixture parameter;
/// everything else runs on <see cref="TestDatabase.DefaultBackend"/>.
/// </summary>
public enum TestBackend
{
    Sqlite,
    Postgres,
}
