namespace OcppCentral.Transport;

/// <summary>Why a connection ended (<see cref="DisconnectReasons"/>) and the close code, when a close frame was sent or received.</summary>
public sealed record ConnectionEnd(string Reason, int? CloseCode);
