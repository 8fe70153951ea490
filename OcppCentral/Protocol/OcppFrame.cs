namespace OcppCentral.Protocol;

/// <summary>One OCPP-J message: a CALL, a CALLRESULT or a CALLERROR (OCPP-J 1.6 §4).</summary>
public abstract record OcppFrame(string MessageId);
