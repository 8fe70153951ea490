namespace OcppCentral.Web.Sessions;

/// <summary>How a session table is sorted, and how to link to another order.</summary>
public sealed record SessionsOrder(string Sort, bool Descending, Func<string, bool, string> Link);
