namespace OcppCentral.Protocol;

/// <summary>Why a payload does not match its schema, as the CALLERROR code and description to send.</summary>
public sealed record SchemaViolation(string ErrorCode, string Description);
