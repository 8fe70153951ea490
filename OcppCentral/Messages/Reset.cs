namespace OcppCentral.Messages;

/// <summary>OCPP 1.6 §5.14: Hard or Soft reset.</summary>
public sealed record ResetRequest(string Type);

public sealed record ResetResponse(string Status);
