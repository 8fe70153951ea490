namespace OcppCentral;

/// <summary>Builds and runs the host; tests use the same entry point with their own arguments.</summary>
public static class OcppCentralApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        return app;
    }

    public static async Task<int> RunAsync(WebApplication app)
    {
        await app.RunAsync();
        return 0;
    }
}
