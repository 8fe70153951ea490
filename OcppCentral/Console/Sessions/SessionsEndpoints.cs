namespace OcppCentral.Web.Sessions;

public static class SessionsEndpoints
{
    public static RouteGroupBuilder MapSessionsPages(this RouteGroupBuilder console) => console;
}
