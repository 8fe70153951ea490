using System.Globalization;
using OcppCentral.Messages;

namespace ChargeMonitor.Simulator.Chargers;

/// <summary>
/// The charger's configuration keys (OCPP 1.6 §9.1, a Core-profile subset), kept in memory. Keys are
/// case-insensitive; read-only keys refuse changes; numeric keys take non-negative integers.
/// The charger reads <see cref="HeartbeatInterval"/> and <see cref="MeterValueSampleInterval"/> live.
/// </summary>
public sealed class ConfigurationStore
{
    public const string HeartbeatIntervalKey = "HeartbeatInterval";
    public const string MeterValueSampleIntervalKey = "MeterValueSampleInterval";

    private sealed record Entry(string Value, bool ReadOnly, bool Numeric);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    public ConfigurationStore(TimeSpan meterInterval, TimeSpan heartbeatInterval)
    {
        Add(HeartbeatIntervalKey, Seconds(heartbeatInterval), numeric: true);
        Add(MeterValueSampleIntervalKey, Seconds(meterInterval), numeric: true);
        Add("MeterValuesSampledData", "Energy.Active.Import.Register,Power.Active.Import,Current.Import,SoC");
        Add("StopTxnSampledData", "Energy.Active.Import.Register");
        Add("ClockAlignedDataInterval", "0", numeric: true);
        Add("ConnectionTimeOut", "60", numeric: true);
        Add("ResetRetries", "1", numeric: true);
        Add("TransactionMessageAttempts", "3", numeric: true);
        Add("TransactionMessageRetryInterval", "30", numeric: true);
        Add("WebSocketPingInterval", "30", numeric: true);
        Add("AuthorizeRemoteTxRequests", "false");
        Add("LocalPreAuthorize", "false");
        Add("StopTransactionOnEVSideDisconnect", "true");
        Add("NumberOfConnectors", "1", readOnly: true);
        Add("SupportedFeatureProfiles", "Core,RemoteTrigger", readOnly: true);
    }

    public TimeSpan HeartbeatInterval => TimeSpan.FromSeconds((double)ReadNumber(HeartbeatIntervalKey));

    /// <summary>Zero means: no periodic MeterValues (OCPP 1.6 §9.1.16).</summary>
    public TimeSpan MeterValueSampleInterval => TimeSpan.FromSeconds((double)ReadNumber(MeterValueSampleIntervalKey));

    /// <summary>The languages a cost display shows texts in (SupportedLanguages).</summary>
    public const string DisplayLanguages = "en,sv";

    /// <summary>
    /// The keys of a cost display (OCA's California Pricing Requirements for OCPP 1.6): CustomDisplayCostAndPrice true,
    /// NumberOfDecimalsForCostValues, Language, SupportedLanguages, and DefaultPrice and DefaultPriceText,&lt;language&gt;
    /// for the central system to set.
    /// </summary>
    public void EnableCostDisplay(string language, int decimals)
    {
        lock (_gate)
        {
            Add("CustomDisplayCostAndPrice", "true", readOnly: true);
            Add("NumberOfDecimalsForCostValues", decimals.ToString(CultureInfo.InvariantCulture), readOnly: true, numeric: true);
            Add("Language", language);
            Add("SupportedLanguages", DisplayLanguages, readOnly: true);
            Add("DefaultPrice", "");
        }
    }

    /// <summary>The value of a key, or null when the charger does not have it.</summary>
    public string? Value(string key)
    {
        lock (_gate)
            return _entries.TryGetValue(key, out var entry) ? entry.Value : null;
    }

    /// <summary>ChangeConfiguration (OCPP 1.6 §5.3): Accepted, Rejected (read-only or bad value) or NotSupported (unknown key).</summary>
    public string Change(string key, string value)
    {
        lock (_gate)
        {
            // "DefaultPriceText,<language>": one key per supported language, created when first set.
            if (key.StartsWith("DefaultPriceText,", StringComparison.OrdinalIgnoreCase) && _entries.ContainsKey("SupportedLanguages"))
            {
                if (!_entries["SupportedLanguages"].Value.Split(',').Contains(key["DefaultPriceText,".Length..], StringComparer.OrdinalIgnoreCase))
                    return "Rejected";
                _entries[key] = new Entry(value, ReadOnly: false, Numeric: false);
                return "Accepted";
            }
            if (!_entries.TryGetValue(key, out var entry))
                return "NotSupported";
            if (entry.ReadOnly || (entry.Numeric && !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                return "Rejected";
            _entries[key] = entry with { Value = value };
            return "Accepted";
        }
    }

    /// <summary>GetConfiguration (OCPP 1.6 §5.8): every key when none are asked for.</summary>
    public GetConfigurationResponse Get(IReadOnlyList<string>? keys)
    {
        lock (_gate)
        {
            if (keys is null || keys.Count == 0)
                return new GetConfigurationResponse(_entries.Select(e => new KeyValue(e.Key, e.Value.ReadOnly, e.Value.Value)).ToList());
            var known = keys.Where(_entries.ContainsKey).Select(k => new KeyValue(Canonical(k), _entries[k].ReadOnly, _entries[k].Value)).ToList();
            var unknown = keys.Where(k => !_entries.ContainsKey(k)).ToList();
            return new GetConfigurationResponse(known, unknown.Count > 0 ? unknown : null);
        }
    }

    /// <summary>BootNotification.conf's interval (OCPP 1.6 §4.2: it sets the heartbeat interval).</summary>
    internal void SetHeartbeatInterval(int seconds)
    {
        if (seconds > 0)
        {
            lock (_gate)
                _entries[HeartbeatIntervalKey] = _entries[HeartbeatIntervalKey] with { Value = seconds.ToString(CultureInfo.InvariantCulture) };
        }
    }

    private void Add(string key, string value, bool readOnly = false, bool numeric = false) =>
        _entries.Add(key, new Entry(value, readOnly, numeric));

    private string Canonical(string key) => _entries.Keys.First(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));

    private decimal ReadNumber(string key)
    {
        lock (_gate)
            return decimal.Parse(_entries[key].Value, NumberStyles.Number, CultureInfo.InvariantCulture);
    }

    /// <summary>Whole seconds normally; fractions only when a test asked for a sub-second interval.</summary>
    private static string Seconds(TimeSpan interval) =>
        ((decimal)interval.TotalSeconds).ToString("0.###", CultureInfo.InvariantCulture);
}
