namespace OcppCentral.Storage;

/// <summary>
/// The audit row of a change, built from the admin request before the change is made (docs/corrections.md): when it was asked
/// for, who asked (the admin key's name), what kind of change, the call, and the status it is answered with when it succeeds.
/// The write that makes the change appends it in its own transaction (<see cref="AuditStore.Append"/>), so a change and its
/// audit row are committed together or not at all.
/// </summary>
public sealed record AuditDraft(DateTimeOffset At, string Actor, string Category, string Method, string Path, int Status);
