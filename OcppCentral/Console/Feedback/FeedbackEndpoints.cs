namespace OcppCentral.Web.Feedback;

public static class FeedbackEndpoints
{
    public static RouteGroupBuilder MapFeedbackPages(this RouteGroupBuilder console) => console;
}
