using OcppCentral.Storage;

namespace OcppCentral.Admin.ChargePoints;

/// <summary>A page of GET /api/chargepoints/{id}/messages: how many match in all, the page asked for, and its frames.</summary>
public sealed record ChargerMessagesPage(long Total, int Limit, int Offset, IReadOnlyList<LoggedMessage> Items);
