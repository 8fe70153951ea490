namespace OcppCentral.Web.Tariffs;

public static class TariffsEndpoints
{
    public static RouteGroupBuilder MapTariffsPages(this RouteGroupBuilder console) => console;
}
