namespace OcppCentral.Web.Anomalies;

public static class AnomaliesEndpoints
{
    public static RouteGroupBuilder MapAnomaliesPages(this RouteGroupBuilder console) => console;
}
