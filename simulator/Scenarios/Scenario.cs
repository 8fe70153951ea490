namespace ChargeMonitor.Simulator.Scenarios;

/// <summary>
/// Faults real chargers produce, injected into every session of a charger; combine them with <c>|</c>.
/// README.md ("Scenarios") lists exactly what each one sends.
/// </summary>
[Flags]
public enum Scenario
{
    None = 0,

    /// <summary>The connection drops a quarter into charging for half the charging time; transaction messages queue and are sent on reconnect with their original timestamps.</summary>
    Offline = 1 << 0,

    /// <summary>Halfway through charging the charger reboots: connection dropped, then BootNotification; the transaction is lost, no StopTransaction.</summary>
    Reboot = 1 << 1,

    /// <summary>The energy register is sent in kWh with three decimals instead of Wh.</summary>
    MeterKwh = 1 << 2,

    /// <summary>Halfway through charging the register falls back to 0 and counts on from there.</summary>
    MeterReset = 1 << 3,

    /// <summary>StartTransaction, the first MeterValues and StopTransaction are each sent twice, with new message ids.</summary>
    Duplicate = 1 << 4,

    /// <summary>Every timestamp the charger sends is ahead of real time (10 minutes unless configured).</summary>
    ClockSkew = 1 << 5,

    /// <summary>After each session, MeterValues and StopTransaction for a transactionId the server never issued.</summary>
    UnknownTransaction = 1 << 6,
}
