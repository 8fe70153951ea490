using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OcppCentral.Pricing;

namespace OcppCentral.CostDisplay;

/// <summary>
/// The messages of OCA's "OCPP &amp; California Pricing Requirements" for OCPP 1.6 (docs/charger-display.md), built as the
/// payloads of the server calls that carry them: DataTransfer with vendorId <see cref="VendorId"/> and the message's
/// fields as a JSON text in <c>data</c>; DefaultPrice and DefaultPriceText as ChangeConfiguration. Pure.
/// </summary>
public static class CostMessages
{
    public const string VendorId = "org.openchargealliance.costmsg";
    public const string SetUserPrice = "SetUserPrice";
    public const string RunningCost = "RunningCost";
    public const string FinalCost = "FinalCost";
    public const string DefaultPrice = "DefaultPrice";
    public const string DefaultPriceText = "DefaultPriceText";

    /// <summary>OCPP 1.6 ChangeConfiguration.req: a value has at most 500 characters.</summary>
    public const int MaxConfigurationValue = 500;

    /// <summary>SetUserPrice: the price for the driver who just identified, for display only.</summary>
    public static JObject UserPrice(string idTag, string priceText) =>
        DataTransfer(SetUserPrice, new JObject { ["idToken"] = idTag, ["priceText"] = priceText });

    /// <summary>RunningCost: the cost so far of a transaction and the unit prices the charger counts on with.</summary>
    /// <param name="meterWh">The register reading (Wh) the cost is based on, at <paramref name="timestamp"/>.</param>
    /// <param name="charging">"Charging" when true, else "Idle": which prices apply now.</param>
    public static JObject Running(long transactionId, DateTimeOffset timestamp, long meterWh, decimal cost, bool charging, UnitPrices now,
        UnitPriceChange? next, DisplayFormat format)
    {
        var data = new JObject
        {
            ["transactionId"] = transactionId,
            ["timestamp"] = Timestamp(timestamp),
            ["meterValue"] = meterWh,
            ["cost"] = format.Round(cost),
            ["state"] = charging ? "Charging" : "Idle",
            ["chargingPrice"] = ChargingPrice(now, format),
        };
        if (IdlePrice(now, format) is { } idle)
            data["idlePrice"] = idle;
        if (next is not null)
        {
            var period = new JObject { ["atTime"] = Timestamp(next.At), ["chargingPrice"] = ChargingPrice(next.Prices, format) };
            if (IdlePrice(next.Prices, format) is { } nextIdle)
                period["idlePrice"] = nextIdle;
            data["nextPeriod"] = period;
            // The charger reports at that moment, so the cost from then on is counted at the new price.
            data["triggerMeterValue"] = new JObject { ["atTime"] = Timestamp(next.At) };
        }
        return DataTransfer(RunningCost, data);
    }

    /// <summary>FinalCost: the closed transaction's total, a text, and the receipt link to show as a QR code (when there is one).</summary>
    public static JObject Final(long transactionId, decimal cost, string priceText, string? qrCodeText, DisplayFormat format)
    {
        var data = new JObject { ["transactionId"] = transactionId, ["cost"] = format.Round(cost), ["priceText"] = priceText };
        if (qrCodeText is not null)
            data["qrCodeText"] = qrCodeText;
        return DataTransfer(FinalCost, data);
    }

    /// <summary>ChangeConfiguration of DefaultPrice: the text before a driver identifies, and the prices for a session started offline.</summary>
    public static JObject Default(string priceText, string offlineText, UnitPrices prices, DisplayFormat format)
    {
        var value = new JObject { ["priceText"] = priceText, ["priceTextOffline"] = offlineText, ["chargingPrice"] = ChargingPrice(prices, format) };
        if (Fits(value) is null)
            value.Remove("priceTextOffline");
        return Configuration(DefaultPrice, Fits(value) ?? Shortened(value));
    }

    /// <summary>ChangeConfiguration of "DefaultPriceText,&lt;language&gt;": the same texts for the charger's language.</summary>
    public static JObject DefaultText(string language, string priceText, string offlineText)
    {
        var value = new JObject { ["priceText"] = priceText, ["priceTextOffline"] = offlineText };
        if (Fits(value) is null)
            value.Remove("priceTextOffline");
        return Configuration(DefaultPriceText + "," + language, Fits(value) ?? Shortened(value));
    }

    private static JObject ChargingPrice(UnitPrices prices, DisplayFormat format) => new()
    {
        ["kWhPrice"] = format.Round(prices.PerKwh),
        ["hourPrice"] = format.Round(prices.PerHour),
        ["flatFee"] = format.Round(prices.FlatFee),
    };

    private static JObject? IdlePrice(UnitPrices prices, DisplayFormat format) => prices.IdlePerHour is { } perHour
        ? new JObject { ["graceMinutes"] = prices.IdleGraceMinutes, ["hourPrice"] = format.Round(perHour) }
        : null;

    private static JObject DataTransfer(string messageId, JObject data) =>
        new() { ["vendorId"] = VendorId, ["messageId"] = messageId, ["data"] = data.ToString(Formatting.None) };

    private static JObject Configuration(string key, string value) => new() { ["key"] = key, ["value"] = value };

    private static string? Fits(JObject value) => value.ToString(Formatting.None) is { Length: <= MaxConfigurationValue } text ? text : null;

    /// <summary>A price text too long for a configuration value is cut, with an ellipsis, to fit.</summary>
    private static string Shortened(JObject value)
    {
        var text = value["priceText"]!.ToString();
        var overflow = value.ToString(Formatting.None).Length - MaxConfigurationValue;
        value["priceText"] = text[..Math.Max(1, text.Length - overflow - 1)] + "…";
        return value.ToString(Formatting.None);
    }

    private static string Timestamp(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
