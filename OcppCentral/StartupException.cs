namespace OcppCentral;

/// <summary>The server cannot start; the message is the one-line reason printed before exiting non-zero.</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
