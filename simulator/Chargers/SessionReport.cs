using ChargeMonitor.Simulator.Feedback;
using ChargeMonitor.Simulator.Scenarios;

namespace ChargeMonitor.Simulator.Chargers;

/// <summary>
/// What one session sent, so a test can hold the server's session record against it. Energies in Wh, as sent;
/// timestamps as sent (clock-skew included).
/// </summary>
public sealed record SessionReport
{
    public required int Number { get; init; }
    public required string ChargePointId { get; init; }
    public int ConnectorId { get; init; } = 1;
    public required string IdTag { get; init; }
    public required Scenario Scenarios { get; init; }
    public required string Vehicle { get; init; }
    public required bool RemoteStart { get; init; }

    /// <summary>The transactionId StartTransaction.conf assigned; null when the session never got one.</summary>
    public long? TransactionId { get; init; }

    /// <summary>The duplicate scenario: what the resent StartTransaction was answered with (should equal <see cref="TransactionId"/>).</summary>
    public long? DuplicateStartTransactionId { get; init; }

    /// <summary>The unknown-transaction scenario: the id of the orphan MeterValues and StopTransaction.</summary>
    public long? OrphanTransactionId { get; init; }

    public DateTimeOffset? StartTimestamp { get; init; }
    public DateTimeOffset? StopTimestamp { get; init; }
    public long MeterStartWh { get; init; }

    /// <summary>meterStop as sent; null when no StopTransaction was sent (reboot scenario: the transaction died with the charger).</summary>
    public long? MeterStopWh { get; init; }

    /// <summary>The last energy register value sent for this transaction, in Wh.</summary>
    public long LastRegisterWh { get; init; }

    /// <summary>Energy the meter counted in the session (across a meter reset); equals MeterStopWh − MeterStartWh when nothing went wrong.</summary>
    public long EnergyWh { get; init; }

    /// <summary>StopTransaction.reason as sent, or "Reboot" when the reboot scenario ended the session without one.</summary>
    public string? StopReason { get; init; }
    public bool StopSent { get; init; }
    public int MeterValuesSent { get; init; }
    public int QueuedWhileOffline { get; init; }
    public decimal SocStartPercent { get; init; }
    public decimal SocEndPercent { get; init; }
    public decimal MaxPowerW { get; init; }
    public TimeSpan ChargingTime { get; init; }
    public TimeSpan IdleTime { get; init; }
    public FeedbackReport? Feedback { get; init; }
    public IReadOnlyList<string> Errors { get; init; } = [];
}
