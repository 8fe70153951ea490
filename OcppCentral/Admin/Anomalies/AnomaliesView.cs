using OcppCentral.Storage;

namespace OcppCentral.Admin.Anomalies;

/// <summary>GET /api/anomalies: the sessions that have anomalies and the messages no session could take (docs/anomalies-and-feedback.md).</summary>
public sealed record AnomaliesView(IReadOnlyList<AnomalousSession> Sessions, IReadOnlyList<OrphanMessageView> Orphans);
