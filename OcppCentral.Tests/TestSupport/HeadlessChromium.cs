using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace OcppCentral.Tests.TestSupport;

/// <summary>
/// Debian's chromium and chromedriver (installed by .ci/run), headless, with a fresh profile; nothing is downloaded.
/// Screenshots go to the test's work folder; with CHARGEMONITOR_SCREENSHOTS=docs they replace docs/console/*.png, so the
/// docs show what the tests saw without every test run changing files in the repository.
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    public const string Browser = "/usr/bin/chromium";
    public const string Driver = "/usr/bin/chromedriver";
    private readonly string _profile = Directory.CreateTempSubdirectory("chargemonitor-chromium-").FullName;

    public HeadlessChromium(int width = 1280, int height = 900)
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

    public IWebElement WaitFor(By by, Func<IWebElement, bool>? until = null, int seconds = 15) =>
        new WebDriverWait(Web, TimeSpan.FromSeconds(seconds)).Until(d =>
        {
            var found = d.FindElements(by).FirstOrDefault();
            return found is not null && (until is null || until(found)) ? found : null;
        })!;

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
