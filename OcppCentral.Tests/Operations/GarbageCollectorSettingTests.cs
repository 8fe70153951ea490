using System.Text.Json.Nodes;

namespace OcppCentral.Tests.Operations;

/// <summary>
/// The server runs the workstation GC: with thousands of idle chargers the server GC held about twice the resident
/// memory per charger for the same live heap (docs/performance.md, Idle memory). A change back shows here first.
/// </summary>
public class GarbageCollectorSettingTests
{
    [Test]
    public void ServerBuild_RunsTheConcurrentWorkstationGc()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "OcppCentral.runtimeconfig.json")))!;
        var properties = config["runtimeOptions"]!["configProperties"]!.AsObject();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(properties["System.GC.Server"]?.GetValue<bool>(), Is.False);
            // Concurrent (background) collections are the default; a setting that turns them off would show here.
            Assert.That(properties["System.GC.Concurrent"]?.GetValue<bool>() ?? true, Is.True);
        }
    }
}
