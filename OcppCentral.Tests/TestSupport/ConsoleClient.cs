using System.Net;
using System.Text.RegularExpressions;

namespace OcppCentral.Tests.TestSupport;

/// <summary>A browser-like client of the console without a browser: keeps cookies, does not follow redirects, posts forms with their token.</summary>
public sealed partial class ConsoleClient : IDisposable
{
    public ConsoleClient(TestServer server)
    {
        Cookies = new CookieContainer();
        Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = server.BaseUri };
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http { get; }

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The antiforgery token of the first form on the page.</summary>
    public static string Token(string html) =>
        TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new AssertionException("no __csrf field in the page");

    /// <summary>Posts a form from <paramref name="pagePath"/> to <paramref name="action"/> with that page's token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pagePath, string action, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true)
    {
        var (_, html) = await GetAsync(pagePath);
        var all = withToken ? fields.Append(new("__csrf", Token(html))) : fields;
        return await Http.PostAsync(action, new FormUrlEncodedContent(all));
    }

    public async Task SignInAsync(string key)
    {
        using var response = await PostFormAsync("/sign-in", "/sign-in", [new("key", key), new("returnUrl", "/")]);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "sign-in");
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
