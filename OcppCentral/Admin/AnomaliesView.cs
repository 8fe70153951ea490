namespace OcppCentral.Admin;

/// <summary>GET /api/anomalies: the sessions that have anomalies and the messages no session could take (SPEC 6).</summary>
public sealed record AnomaliesView(IReadOnlyList<AnomalousSessionView> Sessions, IReadOnlyList<OrphanMessageView> Orphans);
