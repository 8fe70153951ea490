namespace OcppCentral.Web.Reports;

public static class ReportsEndpoints
{
    public static RouteGroupBuilder MapReportsPages(this RouteGroupBuilder console) => console;
}
