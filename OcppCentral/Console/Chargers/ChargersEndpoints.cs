namespace OcppCentral.Web.Chargers;

public static class ChargersEndpoints
{
    public static RouteGroupBuilder MapChargersPages(this RouteGroupBuilder console) => console;
}
