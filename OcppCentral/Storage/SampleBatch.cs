using System.Collections;
using System.Data.Common;
using Npgsql;
using OcppCentral.Sessions;

namespace OcppCentral.Storage;

/// <summary>
/// On PostgreSQL, what the MeterValues of one writer batch cost in round trips (docs/postgresql.md): the sessions they name
/// are read in one query, and their samples are stored in one statement, instead of a lookup and an insert per message.
/// The writer makes one for each batch it runs without isolation (<see cref="StorageWriter"/>), and only its thread uses it.
/// </summary>
/// <remarks>
/// Each write still sees what the writes before it stored, as when each runs its statements at once: the writer is the only
/// writer of these rows during the batch, so what the deferred statements will do is known here. A message's samples wait in
/// <see cref="Add"/>'s buffer; the buffer is flushed (<see cref="Flush"/>) before any other statement runs on the batch's
/// transaction (<see cref="Touched"/>: every other statement of <see cref="SessionWrites"/>, and before each write of another
/// store), before a session with samples waiting is looked up, and before the commit. The sessions read ahead are kept
/// current with what a flush stored and forgotten at any other statement. A flush that fails fails the batch, which the writer
/// then runs again with each write isolated and its statements run at once, so the same writes fail as before.
/// </remarks>
internal sealed class SampleBatch
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly IReadOnlyList<long?> _lookAhead;
    private int _position;

    /// <summary>The sessions read, as they are now; null when not read or possibly changed by another statement since.</summary>
    private Dictionary<long, Owner>? _owners;

    private readonly List<Message> _waiting = [];
    private readonly HashSet<long> _waitingSessions = [];
    private int _waitingRows;
    private bool _ended;

    /// <param name="lookAhead">For each write of the batch, the session it will look up first (null: none known).</param>
    public SampleBatch(DbConnection connection, DbTransaction transaction, IReadOnlyList<long?> lookAhead)
    {
        _connection = connection;
        _transaction = transaction;
        _lookAhead = lookAhead;
    }

    /// <summary>Whether the writer batches samples on this backend: PostgreSQL only (SQLite pays no round trips).</summary>
    public static bool Supports(DbConnection connection) => connection is NpgsqlConnection;

    /// <summary>Round trips this batch made for its lookups and inserts (the tests count them).</summary>
    public int RoundTrips { get; private set; }

    /// <summary>The batch's transaction is over (committed or rolled back): nothing may run on it any more.</summary>
    public void End() => _ended = true;

    /// <summary>The writer is about to run the write at <paramref name="position"/> of its batch.</summary>
    public void MovedTo(int position) => _position = position;

    /// <summary>
    /// Another statement is about to run on the batch's transaction: the waiting samples are stored first, and the sessions
    /// read ahead are forgotten (the statement may change them).
    /// </summary>
    public void Touched()
    {
        Flush();
        _owners = null;
    }

    /// <summary>As <see cref="SessionWrites.OwnerOf"/>, from the sessions read ahead for the rest of the batch.</summary>
    public (string? ChargePointId, bool ClosedByServer, long SampleCount) OwnerOf(long transactionId)
    {
        // Its count is known once its waiting samples are stored.
        if (_waitingSessions.Contains(transactionId))
            Flush();
        if (_owners is null || !_owners.ContainsKey(transactionId))
            ReadAhead(transactionId);
        return _owners!.TryGetValue(transactionId, out var owner) && owner.ChargePointId is { } chargePointId
            ? (chargePointId, owner.ClosedByServer, owner.SampleCount)
            : (null, false, 0);
    }

    /// <summary>
    /// Queues a message's samples (see <see cref="SessionWrites.AddSamples"/>); they are stored at the next flush, before the
    /// commit. The list returned says which of them were new once they are stored; reading it earlier flushes.
    /// </summary>
    public IReadOnlyList<MeterSample> Add(string chargePointId, int connectorId, long? transactionId, IReadOnlyList<MeterSample> samples,
        DateTimeOffset? receivedAt)
    {
        var message = new Message(this, chargePointId, connectorId, transactionId, samples, receivedAt);
        // Nothing to store, count or record.
        if (samples.Count == 0 && (transactionId is null || receivedAt is null))
        {
            message.Resolve(samples);
            return message;
        }
        _waiting.Add(message);
        _waitingRows += samples.Count;
        if (transactionId is { } id)
            _waitingSessions.Add(id);
        return message;
    }

    /// <summary>
    /// One message's samples stored at once, as a batch of one (for a write that runs isolated): the new ones, in its order.
    /// </summary>
    public static IReadOnlyList<MeterSample> StoreNow(DbConnection connection, DbTransaction transaction, string chargePointId,
        int connectorId, long? transactionId, IReadOnlyList<MeterSample> samples, DateTimeOffset? receivedAt)
    {
        var batch = new SampleBatch(connection, transaction, []);
        var added = batch.Add(chargePointId, connectorId, transactionId, samples, receivedAt);
        batch.Flush();
        // Resolved by the flush: reading it runs nothing more.
        return added;
    }

    /// <summary>Stores the waiting samples in one statement and counts the new ones on their sessions.</summary>
    public void Flush()
    {
        if (_waiting.Count == 0)
            return;
        if (_ended)
            throw new InvalidOperationException("The samples were not stored: their batch ended without them.");
        var rows = _waitingRows;
        var chargePoints = new string[rows];
        var connectors = new long[rows];
        var sessions = new long?[rows];
        var timestamps = new long[rows];
        var measurands = new string[rows];
        var values = new string[rows];
        var units = new string[rows];
        var phases = new string?[rows];
        var contexts = new string[rows];
        var locations = new string[rows];
        var formats = new string[rows];
        var normalized = new decimal?[rows];
        var normalizedUnits = new string?[rows];
        var kinds = new long?[rows];
        var received = new long?[rows];
        var heardSessions = new List<long>(_waiting.Count);
        var heardAt = new List<long?>(_waiting.Count);
        var row = 0;
        foreach (var message in _waiting)
        {
            long? receivedMs = message.ReceivedAt is { } at ? UnixTime.ToMs(at) : null;
            if (message.TransactionId is { } id)
            {
                heardSessions.Add(id);
                heardAt.Add(receivedMs);
            }
            foreach (var sample in message.Samples)
            {
                chargePoints[row] = message.ChargePointId;
                connectors[row] = message.ConnectorId;
                sessions[row] = message.TransactionId;
                timestamps[row] = UnixTime.ToMs(sample.Timestamp);
                measurands[row] = sample.Measurand;
                values[row] = sample.Value;
                units[row] = sample.Unit;
                phases[row] = sample.Phase;
                contexts[row] = sample.Context;
                locations[row] = sample.Location;
                formats[row] = sample.Format;
                normalized[row] = sample.NormalizedValue;
                normalizedUnits[row] = sample.NormalizedUnit;
                kinds[row] = SampleKind.Of(sample.Measurand, sample.Phase, sample.Context, sample.Location);
                received[row] = receivedMs;
                row++;
            }
        }

        var command = PreparedCommands.Get(_connection, _transaction, InsertSql, InsertParameters);
        var p = command.Parameters;
        p[0].Value = chargePoints;
        p[1].Value = connectors;
        p[2].Value = sessions;
        p[3].Value = timestamps;
        p[4].Value = measurands;
        p[5].Value = values;
        p[6].Value = units;
        p[7].Value = phases;
        p[8].Value = contexts;
        p[9].Value = locations;
        p[10].Value = formats;
        p[11].Value = normalized;
        p[12].Value = normalizedUnits;
        p[13].Value = kinds;
        p[14].Value = received;
        p[15].Value = heardSessions.ToArray();
        p[16].Value = heardAt.ToArray();

        // The identities stored now; a sample without a kind is never a duplicate, so always new.
        var stored = new HashSet<Identity>(rows);
        RoundTrips++;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                stored.Add(reader.IsDBNull(0)
                    ? new Identity(null, reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4))
                    : new Identity(reader.GetInt64(0), null, 0, reader.GetInt64(3), reader.GetInt64(4)));
            }
        }

        // Rows go in in the batch's order, so of two identical samples the first is the one stored, as one by one.
        row = 0;
        foreach (var message in _waiting)
        {
            List<MeterSample>? some = null;
            var samples = message.Samples;
            for (var i = 0; i < samples.Count; i++, row++)
            {
                var isNew = kinds[row] is not { } kind || stored.Remove(message.TransactionId is { } id
                    ? new Identity(id, null, 0, timestamps[row], kind)
                    : new Identity(null, message.ChargePointId, message.ConnectorId, timestamps[row], kind));
                if (isNew)
                    some?.Add(samples[i]);
                else
                    some ??= [.. samples.Take(i)];
            }
            var added = (IReadOnlyList<MeterSample>?)some ?? samples;
            if (message.TransactionId is { } session && _owners is not null && _owners.TryGetValue(session, out var owner))
                _owners[session] = owner with { SampleCount = owner.SampleCount + added.Count };
            message.Resolve(added);
        }
        _waiting.Clear();
        _waitingSessions.Clear();
        _waitingRows = 0;
    }

    /// <summary>Reads the sessions the rest of the batch will look up, <paramref name="transactionId"/> among them, in one query.</summary>
    private void ReadAhead(long transactionId)
    {
        // What waits may change a count, so it is stored first (the common case: nothing waits when the sessions are read).
        Flush();
        var ids = new HashSet<long> { transactionId };
        for (var i = _position; i < _lookAhead.Count; i++)
        {
            if (_lookAhead[i] is { } id)
                ids.Add(id);
        }
        var command = PreparedCommands.Get(_connection, _transaction, ReadAheadSql, "ids");
        command.Parameters[0].Value = ids.ToArray();
        var owners = new Dictionary<long, Owner>(ids.Count);
        RoundTrips++;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                owners[reader.GetInt64(0)] = new Owner(reader.GetString(1), reader.GetInt64(2) == 1, reader.GetInt64(3));
        }
        // Those not found are no sessions: remembered so, until another statement runs.
        foreach (var id in ids)
            owners.TryAdd(id, new Owner(null, false, 0));
        _owners = owners;
    }

    private const string ReadAheadSql =
        """
        SELECT transaction_id, charge_point_id, CASE WHEN status = 'Completed' AND meter_stop_wh IS NULL THEN 1 ELSE 0 END, sample_count
        FROM sessions WHERE transaction_id = ANY(@ids::bigint[])
        """;

    /// <summary>
    /// The rows of all waiting messages as arrays, one per column, unnested in the batch's order into one insert that leaves
    /// alone each sample already stored (<c>ON CONFLICT DO NOTHING</c>, as <see cref="MeterValueStore.Insert"/>); each session
    /// named then counts its new samples and, for a MeterValues (heard time given), records that it was heard of, as
    /// <see cref="SessionWrites.CountSamples"/> does. Returns the identity (as the unique indexes see it) of each row stored.
    /// </summary>
    private const string InsertSql =
        """
        WITH added AS (
            INSERT INTO meter_values (charge_point_id, connector_id, transaction_id, timestamp, measurand, value, unit, phase, context,
                location, format, normalized_value, normalized_unit, sample_kind, received_at)
            SELECT r.cp, r.connector, r.tx, r.ts, r.measurand, r.value, r.unit, r.phase, r.context, r.location,
                r.format, r.normalized, r.normalized_unit, r.kind, r.received_at
            FROM unnest(@cp::text[], @connector::bigint[], @tx::bigint[], @ts::bigint[], @measurand::text[], @value::text[], @unit::text[],
                    @phase::text[], @context::text[], @location::text[], @format::text[], @normalized::numeric[], @normalizedUnit::text[],
                    @kind::bigint[], @receivedAt::bigint[])
                WITH ORDINALITY AS r (cp, connector, tx, ts, measurand, value, unit, phase, context, location, format, normalized,
                    normalized_unit, kind, received_at, n)
            ORDER BY r.n
            ON CONFLICT DO NOTHING
            RETURNING transaction_id, charge_point_id, connector_id, timestamp, sample_kind
        ), counts AS (
            SELECT transaction_id AS tx, COUNT(*) AS n FROM added WHERE transaction_id IS NOT NULL GROUP BY transaction_id
        ), heard AS (
            SELECT h.tx, MAX(h.at) AS at FROM unnest(@heardTx::bigint[], @heardAt::bigint[]) AS h (tx, at) GROUP BY h.tx
        ), counted AS (
            UPDATE sessions s SET sample_count = s.sample_count + COALESCE(c.n, 0),
                last_message_at = CASE WHEN h.at IS NOT NULL AND (s.last_message_at IS NULL OR s.last_message_at < h.at)
                    THEN h.at ELSE s.last_message_at END
            FROM heard h LEFT JOIN counts c ON c.tx = h.tx
            WHERE s.transaction_id = h.tx AND (h.at IS NOT NULL OR c.n IS NOT NULL)
        )
        SELECT transaction_id, charge_point_id, connector_id, timestamp, sample_kind FROM added WHERE sample_kind IS NOT NULL
        """;

    private static readonly string[] InsertParameters =
        ["cp", "connector", "tx", "ts", "measurand", "value", "unit", "phase", "context", "location", "format", "normalized",
            "normalizedUnit", "kind", "receivedAt", "heardTx", "heardAt"];

    /// <summary>A session as a MeterValues looks it up (<see cref="SessionWrites.OwnerOf"/>); no charger: no such session.</summary>
    private sealed record Owner(string? ChargePointId, bool ClosedByServer, long SampleCount);

    /// <summary>
    /// A sample's identity as the unique indexes see it: the session and (timestamp, kind), or without a session the charger's
    /// connector and (timestamp, kind).
    /// </summary>
    private readonly record struct Identity(long? TransactionId, string? ChargePointId, long ConnectorId, long Timestamp, long Kind);

    /// <summary>One message waiting; once flushed, the list of its samples that were new, in its order.</summary>
    private sealed class Message(SampleBatch batch, string chargePointId, int connectorId, long? transactionId, IReadOnlyList<MeterSample> samples,
        DateTimeOffset? receivedAt) : IReadOnlyList<MeterSample>
    {
        private IReadOnlyList<MeterSample>? _added;

        public string ChargePointId { get; } = chargePointId;
        public int ConnectorId { get; } = connectorId;
        public long? TransactionId { get; } = transactionId;
        public IReadOnlyList<MeterSample> Samples { get; } = samples;
        public DateTimeOffset? ReceivedAt { get; } = receivedAt;

        public void Resolve(IReadOnlyList<MeterSample> added) => _added = added;

        /// <summary>Read before its batch stored it (on the writer's thread, inside the write): the batch flushes now.</summary>
        private IReadOnlyList<MeterSample> Added
        {
            get
            {
                if (_added is null)
                    batch.Flush();
                return _added ?? throw new InvalidOperationException("The samples were not stored: their batch was rolled back.");
            }
        }

        public int Count => Added.Count;

        public MeterSample this[int index] => Added[index];

        public IEnumerator<MeterSample> GetEnumerator() => Added.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
