using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using OcppCentral.Admin.Sessions;
using OcppCentral.Messages;
using OcppCentral.Pricing;
using OcppCentral.Protocol;
using OcppCentral.Storage;
using OcppCentral.Transport;

namespace OcppCentral.CostDisplay;

/// <summary>
/// Price and cost on the charger's display (docs/charger-display.md, OCA's California Pricing Requirements for OCPP 1.6).
/// Handlers say what happened; the messages go out as server calls after the handler's answer (never delaying it), one at
/// a time per charger, and only to chargers whose display is active. A message a charger refuses (a CALLERROR, a status
/// other than Accepted) is logged once and not sent to it again until it boots; one it does not answer in time is logged,
/// and the next one goes out as usual.
/// </summary>
public sealed class CostDisplayService(ChargerRegistry registry, ChargerDisplays displays, ChargePointStore chargers, TariffStore tariffs,
    SessionRecords records, IOptions<ChargeMonitorOptions> options, TimeProvider time, ILogger<CostDisplayService> logger)
{
    /// <summary>The configuration keys read after a boot.</summary>
    public static readonly IReadOnlyList<string> DisplayKeys = ["CustomDisplayCostAndPrice", "NumberOfDecimalsForCostValues", "Language"];

    /// <summary>The tariff a session would pin when none is assigned to its charger (docs/sessions-and-pricing.md).</summary>
    private const string DefaultTariffId = "default";

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _refused = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, long> _lastMeterWh = new();
    private readonly ConcurrentDictionary<long, long> _latestReport = new();
    private long _reports;

    /// <summary>BootNotification: the charger forgets what it refused; its display configuration is read (and the default price pushed).</summary>
    public void AfterBoot(OcppRequestContext context)
    {
        _refused.TryRemove(context.ChargePointId, out _);
        context.AfterAnswer(ct => ReadConfigurationAsync(context.ChargePointId, ct));
    }

    /// <summary>An Accepted Authorize: the driver's price (SetUserPrice) from the tariff a session would pin.</summary>
    public void AfterAuthorize(OcppRequestContext context, string idTag, AuthorizationStatus status)
    {
        if (status == AuthorizationStatus.Accepted && !KnownInactive(context.ChargePointId))
            context.AfterAnswer(ct => SendUserPriceAsync(context.ChargePointId, idTag, ct));
    }

    /// <summary>MeterValues of a known transaction: its cost so far (RunningCost), based on the reading at <paramref name="timestamp"/>.</summary>
    public void AfterMeterValues(OcppRequestContext context, long transactionId, DateTimeOffset timestamp)
    {
        if (KnownInactive(context.ChargePointId))
            return;
        var report = _latestReport[transactionId] = Interlocked.Increment(ref _reports);
        context.AfterAnswer(ct => SendRunningCostAsync(context.ChargePointId, transactionId, report, timestamp, ct));
    }

    /// <summary>A StopTransaction that closed its session: the total (FinalCost) with the receipt link.</summary>
    public void AfterStop(OcppRequestContext context, long transactionId)
    {
        _lastMeterWh.TryRemove(transactionId, out _);
        _latestReport.TryRemove(transactionId, out _);
        if (!KnownInactive(context.ChargePointId))
            context.AfterAnswer(ct => SendFinalCostAsync(context.ChargePointId, transactionId, ct));
    }

    /// <summary>The admin API changed a charger's tariff or display setting: its default price is pushed again if it is connected.</summary>
    public void ChargerChanged(string chargePointId)
    {
        if (registry.TryGet(chargePointId, out var connection))
            connection.FollowUp(ct => PushDefaultPriceAsync(chargePointId, null, ct));
    }

    /// <summary>A tariff was saved: every connected charger whose sessions would pin it gets its default price again.</summary>
    public async Task TariffChangedAsync(string tariffId, CancellationToken ct)
    {
        var connected = registry.ConnectedIds;
        if (connected.Count == 0)
            return;
        var assigned = (await chargers.ListAsync(ct).ConfigureAwait(false)).ToDictionary(c => c.Id, c => c.TariffId, StringComparer.Ordinal);
        foreach (var id in connected)
        {
            var effective = assigned.TryGetValue(id, out var tariff) && tariff is not null ? tariff : DefaultTariffId;
            if (effective == tariffId && !KnownInactive(id))
                ChargerChanged(id);
        }
    }

    /// <summary>Settings that say "inactive" without a read; unknown chargers are looked up in their follow-up, off the answer's way.</summary>
    private bool KnownInactive(string chargePointId) => displays.Cached(chargePointId) is { Active: false };

    private async Task ReadConfigurationAsync(string chargePointId, CancellationToken ct)
    {
        var display = await displays.GetAsync(chargePointId, ct).ConfigureAwait(false);
        if (display.Setting == false)
            return;
        var result = await CallAsync(chargePointId, "GetConfiguration", new JObject { ["key"] = new JArray(DisplayKeys) }, ct).ConfigureAwait(false);
        if (result is not { Outcome: ServerCallOutcome.Answered, Response: { } response })
        {
            logger.LogInformation("{ChargePointId} did not tell its display configuration ({Outcome} {ErrorCode})", chargePointId, result.Outcome,
                result.ErrorCode);
            return;
        }
        var keys = (response["configurationKey"] as JArray ?? [])
            .OfType<JObject>()
            .Where(k => k["key"]?.Type == JTokenType.String)
            .GroupBy(k => k["key"]!.ToString(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First()["value"]?.ToString(), StringComparer.OrdinalIgnoreCase);
        bool? supported = keys.TryGetValue(DisplayKeys[0], out var flag) && bool.TryParse(flag?.Trim(), out var on) ? on : null;
        int? decimals = keys.TryGetValue(DisplayKeys[1], out var count) && int.TryParse(count?.Trim(), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var n) && n <= DisplayFormat.MaxDecimals ? n : null;
        var language = keys.TryGetValue(DisplayKeys[2], out var code) && code is { Length: > 0 and <= 35 } ? code.Trim() : null;
        display = await displays.RecordReadAsync(chargePointId, supported, decimals, language, time.GetUtcNow(), ct).ConfigureAwait(false);
        logger.LogInformation("{ChargePointId} display: CustomDisplayCostAndPrice {Supported}, {Decimals} decimals, language {Language}; cost display {State}",
            chargePointId, supported, decimals, language, display.Active ? "active" : "inactive");
        if (display.Active)
            await PushDefaultPriceAsync(chargePointId, display, ct).ConfigureAwait(false);
    }

    private async Task PushDefaultPriceAsync(string chargePointId, ChargerDisplay? display, CancellationToken ct)
    {
        display ??= await displays.GetAsync(chargePointId, ct).ConfigureAwait(false);
        if (!display.Active || await EffectiveTariffAsync(chargePointId, ct).ConfigureAwait(false) is not { } tariff)
            return;
        var format = DisplayFormat.Of(display.Language, display.Decimals);
        var text = PriceTexts.Tariff(tariff, format);
        var offline = PriceTexts.Offline(text, format);
        await SendAsync(chargePointId, CostMessages.DefaultPrice, "ChangeConfiguration",
            CostMessages.Default(text, offline, UnitPrices.Base(tariff), format), ct).ConfigureAwait(false);
        await SendAsync(chargePointId, CostMessages.DefaultPriceText, "ChangeConfiguration",
            CostMessages.DefaultText(format.LanguageCode, text, offline), ct).ConfigureAwait(false);
    }

    private async Task SendUserPriceAsync(string chargePointId, string idTag, CancellationToken ct)
    {
        var display = await displays.GetAsync(chargePointId, ct).ConfigureAwait(false);
        if (!display.Active || await EffectiveTariffAsync(chargePointId, ct).ConfigureAwait(false) is not { } tariff)
            return;
        var format = DisplayFormat.Of(display.Language, display.Decimals);
        await SendAsync(chargePointId, CostMessages.SetUserPrice, "DataTransfer", CostMessages.UserPrice(idTag, PriceTexts.Tariff(tariff, format)), ct)
            .ConfigureAwait(false);
    }

    /// <param name="report">Which MeterValues this follows: when a later one has come meanwhile, its own RunningCost tells the news.</param>
    private async Task SendRunningCostAsync(string chargePointId, long transactionId, long report, DateTimeOffset timestamp, CancellationToken ct)
    {
        var display = await displays.GetAsync(chargePointId, ct).ConfigureAwait(false);
        if (!display.Active || IsRefused(chargePointId, CostMessages.RunningCost)
            || !_latestReport.TryGetValue(transactionId, out var latest) || latest != report)
            return;
        // The session record's own estimate (GET /api/sessions/{id}), so the display and the record agree to the cent.
        var session = await records.FindAsync(transactionId, ct).ConfigureAwait(false);
        if (session is not { Status: StoredSession.Active, Cost: { } cost } || session.ChargePointId != chargePointId
            || await PinnedTariffAsync(session, ct).ConfigureAwait(false) is not { } tariff)
            return;
        var meterWh = session.MeterStartWh + (long)Math.Round((session.EnergyKwh ?? 0m) * 1000m, MidpointRounding.AwayFromZero);
        var previous = _lastMeterWh.TryGetValue(transactionId, out var before) ? before : session.MeterStartWh;
        _lastMeterWh[transactionId] = meterWh;
        var (now, next) = UnitPrices.At(tariff, time.GetUtcNow());
        var format = DisplayFormat.Of(display.Language, display.Decimals);
        await SendAsync(chargePointId, CostMessages.RunningCost, "DataTransfer",
            CostMessages.Running(transactionId, timestamp, meterWh, cost.Total, charging: meterWh > previous, now, next, format), ct).ConfigureAwait(false);
    }

    private async Task SendFinalCostAsync(string chargePointId, long transactionId, CancellationToken ct)
    {
        var display = await displays.GetAsync(chargePointId, ct).ConfigureAwait(false);
        if (!display.Active)
            return;
        var session = await records.FindAsync(transactionId, ct).ConfigureAwait(false);
        if (session is not { Status: StoredSession.Completed, Cost: { } cost } || session.ChargePointId != chargePointId)
            return;
        var format = DisplayFormat.Of(display.Language, display.Decimals);
        var text = PriceTexts.Final(session.EnergyKwh ?? 0m, session.DurationMinutes ?? 0m, cost, format);
        var link = session.ReceiptUrl is { } path ? options.Value.PublicLink(path) : null;
        await SendAsync(chargePointId, CostMessages.FinalCost, "DataTransfer", CostMessages.Final(transactionId, cost.Total, text, link, format), ct)
            .ConfigureAwait(false);
    }

    /// <summary>The tariff a session started now on this charger would pin: its assigned tariff, else default.</summary>
    private async Task<Tariff?> EffectiveTariffAsync(string chargePointId, CancellationToken ct)
    {
        var charger = await chargers.FindAsync(chargePointId, ct).ConfigureAwait(false);
        return Tariff.FromStored(await tariffs.FindAsync(charger?.TariffId ?? DefaultTariffId, ct).ConfigureAwait(false));
    }

    /// <summary>The copy the session pinned at its start: the tariff version it names.</summary>
    private async Task<Tariff?> PinnedTariffAsync(SessionView session, CancellationToken ct)
    {
        if (session is not { TariffId: { } id, TariffVersion: { } version })
            return null;
        var versions = await tariffs.VersionsAsync(id, ct).ConfigureAwait(false);
        return Tariff.FromStored(versions.FirstOrDefault(v => v.Version == version)?.Tariff);
    }

    private async Task SendAsync(string chargePointId, string message, string action, JObject payload, CancellationToken ct)
    {
        if (IsRefused(chargePointId, message))
            return;
        var result = await CallAsync(chargePointId, action, payload, ct).ConfigureAwait(false);
        if (result.Outcome == ServerCallOutcome.Timeout)
        {
            logger.LogInformation("{ChargePointId} did not answer {Message} in time", chargePointId, message);
            return;
        }
        var refusal = result.Outcome switch
        {
            ServerCallOutcome.CallError => $"CALLERROR {result.ErrorCode}",
            ServerCallOutcome.Answered when result.Response?["status"]?.ToString() is var status && status is not ("Accepted" or "RebootRequired") =>
                $"status {status}",
            _ => null,
        };
        if (refusal is null)
            return;
        if (_refused.GetOrAdd(chargePointId, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal)).TryAdd(message, 0))
            logger.LogWarning("{ChargePointId} refused {Message} ({Refusal}); it is not sent to this charger again until it boots",
                chargePointId, message, refusal);
    }

    private bool IsRefused(string chargePointId, string message) =>
        _refused.TryGetValue(chargePointId, out var refused) && refused.ContainsKey(message);

    private Task<ServerCallResult> CallAsync(string chargePointId, string action, JObject payload, CancellationToken ct) =>
        registry.TryGet(chargePointId, out var connection)
            ? connection.CallAsync(action, payload, ct)
            : Task.FromResult(ServerCallResult.NotConnected);
}
