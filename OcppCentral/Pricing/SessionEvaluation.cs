using OcppCentral.Sessions;

namespace OcppCentral.Pricing;

/// <summary>What a session's readings and its pinned tariff add up to: figures, anomalies, price.</summary>
public sealed record SessionEvaluation(SessionSummary Summary, IReadOnlyList<Anomaly> Anomalies, Cost? Cost);
