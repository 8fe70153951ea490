using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace OcppCentral.Tests.TestSupport;

/// <summary>
/// Debian's chromium and chromedriver (installed by .ci/run), headless, with a fresh profile; nothing is downloaded.
/// Starting Chromium costs seconds on a loaded 2-core machine, so the browser tests share one (<see cref="Shared"/>),
/// started when the first of them needs it and quit when the test run ends (<see cref="BrowserTeardown"/>); a
/// fixture starts from a clean state with <see cref="Reset"/>.
/// Screenshots go to the test's work folder; with CHARGEMONITOR_SCREENSHOTS=docs they replace docs/console/*.png, so the
/// docs show what the tests saw without every test run changing files in the repository.
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    public const string Browser = "/usr/bin/chromium";
    public const string Driver = "/usr/bin/chromedriver";
    public const int Width = 1280;
    public const int Height = 900;
    private static readonly Lazy<HeadlessChromium> SharedBrowser = new(() => new HeadlessChromium(), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly SemaphoreSlim SharedUse = new(1, 1);
    private readonly string _profile = Directory.CreateTempSubdirectory("chargemonitor-chromium-").FullName;

    /// <summary>The one browser of the test run. A fixture holds it between <see cref="AcquireSharedAsync"/> and <see cref="ReleaseShared"/>.</summary>
    public static HeadlessChromium Shared => SharedBrowser.Value;

    /// <summary>Waits until no other fixture drives the shared browser, then hands it over with no cookies and the default window size.</summary>
    public static async Task<HeadlessChromium> AcquireSharedAsync(CancellationToken ct)
    {
        await SharedUse.WaitAsync(ct);
        try
        {
            var browser = Shared;
            browser.Reset();
            return browser;
        }
        catch
        {
            SharedUse.Release();
            throw;
        }
    }

    public static void ReleaseShared() => SharedUse.Release();

    /// <summary>Quits the shared browser if one was started (at the end of the test run).</summary>
    public static void QuitShared()
    {
        if (SharedBrowser.IsValueCreated)
            SharedBrowser.Value.Dispose();
    }

    /// <summary>A clean start: no page, no cookies (they are shared by every port of 127.0.0.1), the default window size.</summary>
    public void Reset()
    {
        Web.Navigate().GoToUrl("about:blank");
        ((ChromeDriver)Web).ExecuteCdpCommand("Network.clearBrowserCookies", new Dictionary<string, object?>());
        Resize(Width, Height);
    }

    public void Resize(int width, int height) => Web.Manage().Window.Size = new System.Drawing.Size(width, height);

    public HeadlessChromium(int width = Width, int height = Height)
    {
        var options = new ChromeOptions { BinaryLocation = Browser };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={_profile}", $"--window-size={width},{height}");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        Web = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public IWebDriver Web { get; }

    public static void RequireInstalled()
    {
        if (!File.Exists(Browser) || !File.Exists(Driver))
            Assert.Ignore("chromium and chromium-driver are not installed (apt-get install -y chromium chromium-driver; .ci/run does it)");
    }

    /// <summary>
    /// The first element <paramref name="by"/> finds for which <paramref name="until"/> holds. An element that htmx swapped
    /// out while it was being looked at (stale) is looked for again, as one that is not there yet is.
    /// </summary>
    public IWebElement WaitFor(By by, Func<IWebElement, bool>? until = null, int seconds = 30)
    {
        var wait = new WebDriverWait(Web, TimeSpan.FromSeconds(seconds));
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        return wait.Until(d =>
        {
            var found = d.FindElements(by).FirstOrDefault();
            return found is not null && (until is null || until(found)) ? found : null;
        })!;
    }

    /// <param name="docsFolder">The folder under docs/ the screenshot refreshes with CHARGEMONITOR_SCREENSHOTS=docs.</param>
    public void Screenshot(string name, string docsFolder = "console")
    {
        var folder = Environment.GetEnvironmentVariable("CHARGEMONITOR_SCREENSHOTS") == "docs"
            ? Path.Combine(RepositoryRoot(), "docs", docsFolder)
            : Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        ((ITakesScreenshot)Web).GetScreenshot().SaveAsFile(Path.Combine(folder, name + ".png"));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ChargeMonitor.sln")))
                return dir.FullName;
        throw new InvalidOperationException("ChargeMonitor.sln not found above the test binaries");
    }

    public void Dispose()
    {
        Web.Quit();
        Web.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be letting go of its profile; it is a temp folder.
        }
    }
}
