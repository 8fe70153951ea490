namespace OcppCentral.Admin;

/// <summary>What the sessions tell an operator (issue 5): drivers' feedback, anomalies and orphan messages, reports.</summary>
public static class InsightsApi
{
    public static RouteGroupBuilder MapInsightsApi(this RouteGroupBuilder api)
    {
        api.MapFeedbackApi();
        api.MapAnomaliesApi();
        api.MapReportsApi();
        return api;
    }
}
