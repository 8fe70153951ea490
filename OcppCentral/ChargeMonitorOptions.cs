namespace OcppCentral;

/// <summary>
/// The settings of docs/operations.md (Configuration). Bound from appsettings.json, then <c>CHARGEMONITOR_&lt;Key&gt;</c> environment
/// variables, then the command line (<c>--database</c>, <c>--admin-key</c>, …), last one wins.
/// </summary>
public sealed class ChargeMonitorOptions
{
    /// <summary>SQLite file; created with its schema on first start. Default <c>chargemonitor.db</c>.</summary>
    public string Database { get; set; } = "chargemonitor.db";

    /// <summary>Key required in header X-API-Key for every /api call. Default none: /api then answers loopback clients only.</summary>
    public string? AdminKey { get; set; }

    /// <summary>
    /// Further admin keys, each with a name (config section <c>AdminKeys</c>: name → key, e.g.
    /// <c>--AdminKeys:alice secret</c>); the name of the key a call presents is its actor in the audit (docs/corrections.md).
    /// The key of <see cref="AdminKey"/> is named <c>admin</c>. Default none.
    /// </summary>
    public Dictionary<string, string> AdminKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The name given to <see cref="AdminKey"/>.</summary>
    public const string DefaultKeyName = "admin";

    /// <summary>Every configured admin key with its name: <see cref="AdminKey"/> as <c>admin</c>, then <see cref="AdminKeys"/>.</summary>
    public IReadOnlyList<(string Name, string Key)> NamedAdminKeys()
    {
        var keys = new List<(string, string)>();
        if (!string.IsNullOrEmpty(AdminKey))
            keys.Add((DefaultKeyName, AdminKey));
        keys.AddRange(AdminKeys.Where(k => !string.IsNullOrEmpty(k.Value)).OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => (k.Key, k.Value)));
        return keys;
    }

    /// <summary>What is wrong with the admin keys, or null: names are 1–64 letters, digits, '.', '_' or '-'; no key twice.</summary>
    public string? AdminKeysProblem()
    {
        foreach (var (name, key) in AdminKeys)
        {
            if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
                return $"AdminKeys: the key name '{name}' must be 1 to 64 letters, digits, '.', '_' or '-'";
            if (string.IsNullOrEmpty(key))
                return $"AdminKeys:{name} is empty; give it a key or remove it";
            if (name == DefaultKeyName && !string.IsNullOrEmpty(AdminKey))
                return $"AdminKeys:{DefaultKeyName} clashes with --admin-key, whose key is named {DefaultKeyName}";
        }
        var keys = NamedAdminKeys();
        if (keys.Select(k => k.Key).Distinct(StringComparer.Ordinal).Count() != keys.Count)
            return "AdminKeys: two admin keys are the same, so a call could not say whose it is; give each name its own key";
        return null;
    }

    /// <summary>Whether a charger that is not registered may connect (it is registered at its first BootNotification). Default true.</summary>
    public bool AcceptUnknownChargers { get; set; } = true;

    /// <summary>Whether an idTag that is not in the list is Accepted. Default true.</summary>
    public bool AcceptUnknownIdTags { get; set; } = true;

    /// <summary>Heartbeat interval in seconds given in BootNotification.conf. Default 300.</summary>
    public int HeartbeatInterval { get; set; } = 300;

    /// <summary>Console log format: <c>text</c> (one readable line per entry) or <c>json</c> (JSON lines with scopes). Default text.</summary>
    public string LogFormat { get; set; } = LogFormats.Text;
    /// <summary>Whether /metrics is served and OpenTelemetry collects (docs/observability.md). Default true.</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>Whether /metrics answers without the admin key (for a scraper inside a trusted network). Default false.</summary>
    public bool MetricsPublic { get; set; }

    /// <summary>The default of <see cref="MaxSamplesPerSession"/>.</summary>
    public const int DefaultMaxSamplesPerSession = 100_000;

    /// <summary>
    /// How many meter values one session may hold (docs/sessions-and-pricing.md); a message that would take it past is
    /// answered, kept as an orphan and not billed, and the session is flagged SampleLimitReached. Default 100,000.
    /// </summary>
    public int MaxSamplesPerSession { get; set; } = DefaultMaxSamplesPerSession;

    /// <summary>
    /// How long a charger must have been offline before the webhook event charger.offline is raised (docs/webhooks.md),
    /// 1 minute to 7 days. Default 15 minutes.
    /// </summary>
    public TimeSpan ChargerOfflineAlertAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Whether every OCPP frame in and out of a charger is kept in the message log (docs/charger-health.md); a charger's own
    /// setting (<c>"messageLog"</c> of PUT /api/chargepoints/{id}) wins over this. Default false.
    /// </summary>
    public bool MessageLog { get; set; }

    /// <summary>The longest <see cref="MessageLogDays"/>: ten years.</summary>
    public const int MaxMessageLogDays = 3650;

    /// <summary>How many days the message log keeps a frame, 1 to <see cref="MaxMessageLogDays"/>; older ones are pruned every hour. Default 7.</summary>
    public int MessageLogDays { get; set; } = 7;

    /// <summary>The default of <see cref="StaleSessionAfter"/>.</summary>
    public static readonly TimeSpan DefaultStaleSessionAfter = TimeSpan.FromHours(12);

    /// <summary>The shortest and longest <see cref="StaleSessionAfter"/>.</summary>
    public static readonly TimeSpan MinStaleSessionAfter = TimeSpan.FromMinutes(1), MaxStaleSessionAfter = TimeSpan.FromDays(30);

    /// <summary>
    /// How long an Active session may go without a message from its charger (its StartTransaction, a MeterValues) before it is
    /// flagged NoStopReceived (docs/corrections.md, stale sessions). Written like the Ocpp durations; 1 minute to 30 days. Default 12:00:00.
    /// </summary>
    public TimeSpan StaleSessionAfter { get; set; } = DefaultStaleSessionAfter;

    /// <summary>
    /// This instance's name among the instances sharing one PostgreSQL database (docs/deployment.md): 1–64 letters, digits,
    /// '.', '_' or '-', unique among them. Default the host name and a random suffix, new at each start.
    /// </summary>
    public string? InstanceId { get; set; }

    /// <summary>What is wrong with <see cref="InstanceId"/>, or null.</summary>
    public string? InstanceIdProblem() =>
        InstanceId is null || InstanceId.Length is >= 1 and <= 64 && InstanceId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? null
            : $"InstanceId (--instance-id) must be 1 to 64 letters, digits, '.', '_' or '-', not '{InstanceId}'";

    /// <summary>What is wrong with the settings, in one line, or null.</summary>
    public string? Problem()
    {
        if (MaxSamplesPerSession is < 1 or > 10_000_000)
            return "MaxSamplesPerSession (--max-samples-per-session) must be between 1 and 10000000";
        if (ChargerOfflineAlertAfter < TimeSpan.FromMinutes(1) || ChargerOfflineAlertAfter > TimeSpan.FromDays(7))
            return "ChargerOfflineAlertAfter (--charger-offline-alert-after) must be between 00:01:00 and 7.00:00:00";
        if (MessageLogDays is < 1 or > MaxMessageLogDays)
            return $"MessageLogDays (--message-log-days) must be between 1 and {MaxMessageLogDays}";
        if (StaleSessionAfter < MinStaleSessionAfter || StaleSessionAfter > MaxStaleSessionAfter)
            return "StaleSessionAfter (--stale-session-after) must be between 00:01:00 and 30.00:00:00";
        return PublicUrlProblem() ?? AdminKeysProblem() ?? InstanceIdProblem();
    }

    /// <summary>
    /// The absolute base URL drivers reach this server by (e.g. <c>https://charge.example.com</c>), from which the receipt
    /// link on a charger's display is built (docs/charger-display.md). Default none: FinalCost then carries no link.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>An absolute http or https URL without query or fragment, at most 200 characters; or none.</summary>
    public string? PublicUrlProblem()
    {
        if (string.IsNullOrEmpty(PublicUrl))
            return null;
        return PublicUrl.Length <= 200 && Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
               && string.IsNullOrEmpty(url.Query) && string.IsNullOrEmpty(url.Fragment) && string.IsNullOrEmpty(url.UserInfo)
            ? null
            : $"PublicUrl (--public-url) must be an absolute http:// or https:// URL without query, fragment or user, at most 200 characters, not '{PublicUrl}'";
    }

    /// <summary>The absolute URL of a path on this server (<paramref name="path"/> starts with '/'), or null without <see cref="PublicUrl"/>.</summary>
    public string? PublicLink(string path) =>
        string.IsNullOrEmpty(PublicUrl) || PublicUrlProblem() is not null ? null : PublicUrl.TrimEnd('/') + path;

    /// <summary>
    /// The server certificate for every https endpoint in <c>--urls</c> (wss:// for chargers, docs/tls.md): a PKCS#12 file
    /// (.pfx/.p12) or a PEM certificate, with its key in <see cref="TlsKey"/> or in the same file. Reloaded when the file
    /// changes. Default none: https endpoints then take the standard Kestrel certificate settings.
    /// </summary>
    public string? TlsCertificate { get; set; }

    /// <summary>The PEM private key of <see cref="TlsCertificate"/> when it is a separate file.</summary>
    public string? TlsKey { get; set; }

    /// <summary>Password of the PKCS#12 file or of an encrypted PEM key. Secret: prefer the environment (CHARGEMONITOR_TlsPassword).</summary>
    public string? TlsPassword { get; set; }

    /// <summary>
    /// PEM bundle of the CAs whose client certificates identify chargers (OCPP security profile 3). Default none: no
    /// client certificate is asked for.
    /// </summary>
    public string? TlsClientCa { get; set; }

    /// <summary>Whether chargers may connect without TLS (ws://). Default true; false refuses an upgrade that did not come over TLS with 403.</summary>
    public bool PlainWs { get; set; } = true;

    /// <summary>Command-line switches of docs/operations.md and the keys they set.</summary>
    public static readonly IReadOnlyDictionary<string, string> SwitchMappings = new Dictionary<string, string>
    {
        ["--database"] = nameof(Database),
        ["--admin-key"] = nameof(AdminKey),
        ["--accept-unknown-chargers"] = nameof(AcceptUnknownChargers),
        ["--accept-unknown-idtags"] = nameof(AcceptUnknownIdTags),
        ["--heartbeat-interval"] = nameof(HeartbeatInterval),
        ["--max-samples-per-session"] = nameof(MaxSamplesPerSession),
        ["--stale-session-after"] = nameof(StaleSessionAfter),
        ["--tls-certificate"] = nameof(TlsCertificate),
        ["--tls-key"] = nameof(TlsKey),
        ["--tls-password"] = nameof(TlsPassword),
        ["--tls-client-ca"] = nameof(TlsClientCa),
        ["--plain-ws"] = nameof(PlainWs),
        ["--log-format"] = nameof(LogFormat),
        ["--metrics"] = nameof(Metrics),
        ["--metrics-public"] = nameof(MetricsPublic),
        ["--charger-offline-alert-after"] = nameof(ChargerOfflineAlertAfter),
        ["--message-log"] = nameof(MessageLog),
        ["--message-log-days"] = nameof(MessageLogDays),
        ["--public-url"] = nameof(PublicUrl),
        ["--instance-id"] = nameof(InstanceId),
    };
}

/// <summary>The values of <see cref="ChargeMonitorOptions.LogFormat"/>.</summary>
public static class LogFormats
{
    public const string Text = "text";
    public const string Json = "json";
}
