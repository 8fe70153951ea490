using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;

namespace OcppCentral.Storage;

/// <summary>
/// <c>ocpp_messages</c>, the OCPP message log (docs/charger-health.md). A frame is never waited for: it joins a queue, and
/// one write of the single writer takes what is queued when it runs (at most <see cref="MessageLogLimits.MaxPerWrite"/>;
/// the rest go to the next batch), so however many frames arrive, the log adds one write to a batch and shares its
/// commit with the transaction data. That write runs in the batch like any other (a
/// failure is isolated by the writer's savepoints), so it never costs a transaction message its durability, and no
/// answer to a charger waits for it. At a graceful shutdown what still waits is written before the writer stops
/// (<see cref="DrainAsync"/>).
/// </summary>
public sealed class MessageLogStore(Database database, StorageWriter writer, ILogger<MessageLogStore> logger)
{
    private const string InsertSql =
        """
        INSERT INTO ocpp_messages (charge_point_id, at, direction, message_type, message_id, action, frame, length, truncated)
        VALUES (@chargePointId, @at, @direction, @messageType, @messageId, @action, @frame, @length, @truncated)
        """;

    private static readonly string[] InsertParameters =
        ["@chargePointId", "@at", "@direction", "@messageType", "@messageId", "@action", "@frame", "@length", "@truncated"];

    private readonly ConcurrentQueue<LoggedMessage> _waiting = new();
    private int _waitingCount;
    private int _scheduled;
    private long _dropped;
    private volatile bool _closed; // the shutdown's drain ran out of time: nothing more is stored

    /// <summary>Queues the frame for the writer's next batch and returns at once; a frame past <see cref="MessageLogLimits.MaxWaiting"/> is dropped.</summary>
    public void Enqueue(LoggedMessage message)
    {
        if (_closed)
            return;
        if (Interlocked.Increment(ref _waitingCount) > MessageLogLimits.MaxWaiting)
        {
            Interlocked.Decrement(ref _waitingCount);
            var dropped = Interlocked.Increment(ref _dropped);
            if (dropped == 1 || dropped % 10_000 == 0)
                logger.LogWarning("The message log fell behind the storage writer and dropped a frame of {ChargePointId} ({Dropped} dropped so far)",
                    message.ChargePointId, dropped);
            return;
        }
        _waiting.Enqueue(message);
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
            Schedule();
    }

    private void Schedule()
    {
        List<LoggedMessage>? taken = null;
        var written = writer.WriteAsync((connection, transaction) =>
        {
            // Taken once: a batch run again with each write isolated inserts the same frames again.
            if (taken is null)
            {
                Volatile.Write(ref _scheduled, 0);
                taken = TakeWaiting();
                // Frames left behind wait for the next batch, not for the next frame to arrive.
                if (!_waiting.IsEmpty && Interlocked.Exchange(ref _scheduled, 1) == 0)
                    Schedule();
            }
            InsertAll(connection, transaction, taken);
            return taken.Count;
        });
        _ = written.ContinueWith(t =>
        {
            // A batch refused before it ran (a database fault) took nothing: the next frame schedules the queue again.
            if (taken is null)
                Volatile.Write(ref _scheduled, 0);
            logger.LogWarning(t.Exception, "Could not store {Count} frames of the message log", taken?.Count ?? 0);
        }, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    /// <summary>
    /// Graceful shutdown (<see cref="Admission.MessageLogDrain"/>): writes every frame still waiting, a write of at most
    /// <see cref="MessageLogLimits.MaxPerWrite"/> at a time, before the writer stops taking writes; otherwise only the
    /// write already queued would be stored and the rest lost. Stops when <paramref name="ct"/> fires (the host's shutdown
    /// timeout): the frames still waiting then are dropped, and how many is logged.
    /// </summary>
    /// <returns>How many frames were dropped.</returns>
    public async Task<int> DrainAsync(CancellationToken ct)
    {
        try
        {
            while (!_waiting.IsEmpty)
            {
                List<LoggedMessage>? taken = null;
                await writer.WriteAsync((connection, transaction) =>
                {
                    taken ??= TakeWaiting();
                    InsertAll(connection, transaction, taken);
                    return taken.Count;
                }, ct).ConfigureAwait(false);
            }
            return 0;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Out of time.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not store the message log's waiting frames at shutdown");
        }
        // From here nothing more is taken (a write still queued takes nothing), so the count is exact.
        _closed = true;
        var dropped = Volatile.Read(ref _waitingCount);
        if (dropped > 0)
            logger.LogWarning("The message log dropped {Count} frames at shutdown: they were still waiting when the drain had to stop", dropped);
        return dropped;
    }

    /// <summary>At most <see cref="MessageLogLimits.MaxPerWrite"/> of the waiting frames; none once the shutdown's drain ran out of time.</summary>
    private List<LoggedMessage> TakeWaiting()
    {
        if (_closed)
            return [];
        var taken = new List<LoggedMessage>(Math.Clamp(Volatile.Read(ref _waitingCount), 0, MessageLogLimits.MaxPerWrite));
        while (taken.Count < MessageLogLimits.MaxPerWrite && _waiting.TryDequeue(out var message))
            taken.Add(message);
        Interlocked.Add(ref _waitingCount, -taken.Count);
        return taken;
    }

    private static void InsertAll(DbConnection connection, DbTransaction transaction, List<LoggedMessage> messages)
    {
        var insert = PreparedCommands.Get(connection, transaction, InsertSql, InsertParameters);
        foreach (var message in messages)
            Insert(insert, message);
    }

    private static void Insert(DbCommand insert, LoggedMessage m)
    {
        var p = insert.Parameters;
        p[0].Value = m.ChargePointId;
        p[1].Value = UnixTime.ToMs(m.At);
        p[2].Value = m.Direction;
        p[3].Value = (object?)m.MessageType ?? DBNull.Value;
        p[4].Value = (object?)m.MessageId ?? DBNull.Value;
        p[5].Value = (object?)m.Action ?? DBNull.Value;
        p[6].Value = (object?)m.Frame ?? DBNull.Value;
        p[7].Value = m.Length;
        p[8].Value = m.Truncated ? 1 : 0;
        insert.ExecuteNonQuery();
    }

    /// <summary>A charger's frames in [fromMs, toMs), newest first, paged; and how many there are in all.</summary>
    public async Task<(IReadOnlyList<LoggedMessage> Messages, long Total)> ListAsync(string chargePointId, long? fromMs, long? toMs, int limit,
        int offset, CancellationToken ct)
    {
        var where = $"WHERE charge_point_id = @chargePointId AND at >= COALESCE(@fromMs, {database.Dialect.MinInteger}) AND at < COALESCE(@toMs, 9223372036854775807)";
        var parameters = new { chargePointId, fromMs, toMs, limit, offset };
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<LoggedMessageRow>(new CommandDefinition(
            $"SELECT * FROM ocpp_messages {where} ORDER BY at DESC, id DESC LIMIT @limit OFFSET @offset", parameters, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM ocpp_messages {where}", parameters, cancellationToken: ct));
        return (rows.Select(r => r.ToMessage()).ToList(), total);
    }

    public async Task<bool> AnyAsync(string chargePointId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM ocpp_messages WHERE charge_point_id = @chargePointId)", new { chargePointId }, cancellationToken: ct));
    }

    /// <summary>Deletes the frames older than <paramref name="cutoff"/>, <see cref="MessageLogLimits.PruneChunk"/> per write.</summary>
    /// <returns>How many were deleted.</returns>
    public async Task<long> PruneAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var cutoffMs = UnixTime.ToMs(cutoff);
        long deleted = 0;
        int chunk;
        do
        {
            chunk = await writer.WriteAsync((connection, transaction) => connection.Execute(
                "DELETE FROM ocpp_messages WHERE id IN (SELECT id FROM ocpp_messages WHERE at < @cutoffMs LIMIT @limit)",
                new { cutoffMs, limit = MessageLogLimits.PruneChunk }, transaction), ct).ConfigureAwait(false);
            deleted += chunk;
        }
        while (chunk == MessageLogLimits.PruneChunk);
        return deleted;
    }
}
