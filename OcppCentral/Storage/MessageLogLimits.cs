namespace OcppCentral.Storage;

/// <summary>The bounds of the OCPP message log (docs/charger-health.md).</summary>
public static class MessageLogLimits
{
    /// <summary>Characters of a frame's text kept; a longer frame keeps these and is marked truncated. OCPP frames are mostly well under this.</summary>
    public const int MaxFrameChars = 8192;

    /// <summary>
    /// Frames waiting for the writer's next batch. Past this the log drops frames (and says so in the server log) rather
    /// than let a writer that cannot keep up grow the server's memory: the log is a diagnostic, the transaction data is not.
    /// </summary>
    public const int MaxWaiting = 50_000;

    /// <summary>
    /// Frames one write of the log inserts; more waiting go to the next batch. Bounds what the log adds to one batch, so
    /// the transaction messages sharing its commit never wait behind a backlog of frames.
    /// </summary>
    public const int MaxPerWrite = 2000;

    /// <summary>Rows one pruning write deletes, so that pruning a large log never holds the writer for long.</summary>
    public const int PruneChunk = 5000;
}
