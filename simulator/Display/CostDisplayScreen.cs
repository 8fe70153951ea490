using System.Globalization;
using ChargeMonitor.Simulator.Chargers;
using ChargeMonitor.Simulator.Charging;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OcppCentral.Messages;

namespace ChargeMonitor.Simulator.Display;

/// <summary>
/// The charger's display for California Pricing (docs/simulator.md, docs/charger-display.md): answers the DataTransfer
/// messages of vendorId <see cref="VendorId"/>, shows what a driver would see, and checks what a charger can check itself.
/// Every mismatch is an error of the charger (its summary counts it): a message not shaped as the whitepaper says; a
/// running cost that goes down while charging; a FinalCost that differs from the receipt's total (or, without a receipt
/// link, is below the running cost it was told); after a next-period trigger, prices other than the ones announced.
/// </summary>
internal sealed class CostDisplayScreen(ChargerRuntime charger)
{
    public const string VendorId = "org.openchargealliance.costmsg";

    private readonly Lock _gate = new();
    private readonly Dictionary<long, decimal> _lastCost = new();
    private readonly List<string> _shown = [];
    private Announced? _announced;
    private int _finals;
    private TaskCompletionSource _finalSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Announced(long TransactionId, DateTimeOffset At, JObject ChargingPrice);

    /// <summary>Raised with each line the display shows.</summary>
    public event Action<string>? Shown;

    public IReadOnlyList<string> Lines
    {
        get { lock (_gate) return _shown.ToList(); }
    }

    /// <summary>The answer to a DataTransfer of <see cref="VendorId"/>, and what to do once it is sent.</summary>
    public (DataTransferResponse Response, Func<Task>? Then) Receive(DataTransferRequest request)
    {
        if (!CostMessageShapes.IsKnown(request.MessageId))
            return (new DataTransferResponse(DataTransferStatus.UnknownMessageId), null);
        var messageId = request.MessageId!;
        JObject data;
        try
        {
            data = Parse(request.Data ?? "");
        }
        catch (JsonException)
        {
            charger.Errors.Add($"display: {messageId} data is not a JSON object");
            return (new DataTransferResponse(DataTransferStatus.Rejected), null);
        }
        var problems = CostMessageShapes.Problems(messageId, data);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
                charger.Errors.Add($"display: {problem}");
            return (new DataTransferResponse(DataTransferStatus.Rejected), null);
        }
        Func<Task>? then = messageId switch
        {
            "SetUserPrice" => Show($"{data["idToken"]}: {data["priceText"]}"),
            "RunningCost" => Running(data),
            _ => Final(data),
        };
        return (new DataTransferResponse(DataTransferStatus.Accepted), then);
    }

    private Func<Task>? Show(string line)
    {
        lock (_gate)
            _shown.Add(line);
        Shown?.Invoke($"[{charger.ChargePointId} display] {line}");
        return null;
    }

    private Func<Task>? Running(JObject data)
    {
        var transactionId = data.Value<long>("transactionId");
        var cost = data.Value<decimal>("cost");
        var charging = data.Value<string>("state") == "Charging";
        var timestamp = Time(data["timestamp"]!);
        var price = (JObject)data["chargingPrice"]!;
        Func<Task>? then = null;
        lock (_gate)
        {
            if (charging && _lastCost.TryGetValue(transactionId, out var last) && cost < last)
                charger.Errors.Add(string.Create(CultureInfo.InvariantCulture, $"display: the running cost of transaction {transactionId} went down from {last} to {cost} while charging"));
            _lastCost[transactionId] = cost;
            if (_announced is { } announced && announced.TransactionId == transactionId && timestamp >= announced.At)
            {
                if (!JToken.DeepEquals(announced.ChargingPrice, price))
                    charger.Errors.Add($"display: from {announced.At:HH:mm:ss} the price was announced as {announced.ChargingPrice.ToString(Formatting.None)}, " +
                                       $"but RunningCost says {price.ToString(Formatting.None)}");
                _announced = null;
            }
            if (data["nextPeriod"] is JObject next && data["triggerMeterValue"]?["atTime"] is { } at)
            {
                _announced = new Announced(transactionId, Time(next["atTime"]!), (JObject)next["chargingPrice"]!);
                then = () => TriggerAsync(transactionId, Time(at));
            }
        }
        var line = string.Create(CultureInfo.InvariantCulture, $"{cost} so far ({(charging ? "charging" : "idle")}, {price.Value<decimal?>("kWhPrice")}/kWh)");
        if (data["nextPeriod"] is JObject period)
            line += string.Create(CultureInfo.InvariantCulture,
                $", from {Time(period["atTime"]!):HH:mm} {period["chargingPrice"]?.Value<decimal?>("kWhPrice")}/kWh");
        Show(line);
        return then;
    }

    /// <summary>triggerMeterValue.atTime: a MeterValues at that moment, so the cost from then on is counted at the new price.</summary>
    private async Task TriggerAsync(long transactionId, DateTimeOffset at)
    {
        var wait = at - charger.Now;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, charger.Time, charger.Lifetime).ConfigureAwait(false);
        if (charger.Control.ActiveTransactionId != transactionId)
            return;
        var reading = charger.ReadMeter();
        var value = MeterValueFactory.Full(reading, MeterValueFactory.Trigger, charger.RegisterUnit);
        try
        {
            await charger.Send("MeterValues", new MeterValuesRequest(ServerCallResponder.ConnectorId, [value], transactionId)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            charger.Errors.Add($"display: the MeterValues triggered for {at:HH:mm:ss} failed: {ex.Message}");
        }
    }

    private Func<Task>? Final(JObject data)
    {
        var transactionId = data.Value<long>("transactionId");
        var cost = data.Value<decimal>("cost");
        var link = data.Value<string>("qrCodeText");
        decimal? told;
        lock (_gate)
        {
            told = _lastCost.TryGetValue(transactionId, out var last) ? last : null;
            _lastCost.Remove(transactionId);
        }
        Show(string.Create(CultureInfo.InvariantCulture, $"{data["priceText"]}{(link is null ? "" : $" [QR {link}]")}"));
        if (link is null || !Uri.TryCreate(link, UriKind.Absolute, out var receipt) || receipt.Scheme is not ("http" or "https"))
        {
            if (told is { } running && cost < running)
                charger.Errors.Add(string.Create(CultureInfo.InvariantCulture, $"display: FinalCost {cost} of transaction {transactionId} is below the running cost {running} it was told"));
            FinalShown();
            return null;
        }
        return async () =>
        {
            try
            {
                await CheckReceiptAsync(transactionId, cost, receipt).ConfigureAwait(false);
            }
            finally
            {
                FinalShown();
            }
        };
    }

    /// <summary>One more FinalCost shown (and its receipt checked).</summary>
    private void FinalShown()
    {
        TaskCompletionSource seen;
        lock (_gate)
        {
            _finals++;
            seen = _finalSeen;
            _finalSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        seen.TrySetResult();
    }

    /// <summary>
    /// Waits until <paramref name="count"/> FinalCost messages have been shown and checked, at most <paramref name="limit"/>: the
    /// charger stays connected a moment after its last session so its display can show the total.
    /// </summary>
    public async Task WaitForFinalCostsAsync(int count, TimeSpan limit, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(limit, charger.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, ct);
        try
        {
            while (true)
            {
                Task seen;
                lock (_gate)
                {
                    if (_finals >= count)
                        return;
                    seen = _finalSeen.Task;
                }
                await seen.WaitAsync(linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // The central system sent no FinalCost (no price, or the display is off there): nothing to check.
        }
    }

    /// <summary>The receipt behind the QR code (its JSON form) must show the total FinalCost said.</summary>
    private async Task CheckReceiptAsync(long transactionId, decimal cost, Uri receipt)
    {
        try
        {
            var json = await Feedback.FeedbackClient.SharedHttp.GetStringAsync(new Uri(receipt + ".json"), charger.Lifetime).ConfigureAwait(false);
            var total = Parse(json)["bill"]?.Value<decimal?>("total");
            if (total is null || Math.Round(total.Value, Decimals(cost), MidpointRounding.AwayFromZero) != cost)
                charger.Errors.Add(string.Create(CultureInfo.InvariantCulture, $"display: FinalCost {cost} of transaction {transactionId} differs from its receipt's total {total}"));
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException)
        {
            charger.Errors.Add($"display: the receipt {receipt} could not be read: {ex.Message}");
        }
    }

    /// <summary>Amounts as decimals, as sent (2.50 stays 2.50), never through a double.</summary>
    private static JObject Parse(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json)) { FloatParseHandling = FloatParseHandling.Decimal };
        return JObject.Load(reader);
    }

    private static int Decimals(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;

    private static DateTimeOffset Time(JToken token) => token.Type == JTokenType.Date
        ? new DateTimeOffset(token.Value<DateTime>().ToUniversalTime(), TimeSpan.Zero)
        : DateTimeOffset.Parse(token.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
