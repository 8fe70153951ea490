using System.Data.Common;
using Dapper;

namespace OcppCentral.Storage;

/// <summary>
/// The schema, versioned in code: each migration runs once, in order, inside a transaction, and records how far the
/// database has come (SQLite: PRAGMA user_version; PostgreSQL: the table schema_version). Every migration carries its
/// SQLite text and its PostgreSQL twin; the list has one order for both. Timestamps are INTEGER Unix milliseconds UTC
/// (BIGINT on PostgreSQL), energy INTEGER Wh, money INTEGER minor units beside its currency, computed figures NUMERIC.
/// </summary>
public static class SchemaMigrations
{
    private static readonly Migration[] Migrations =
    [
        new(
        """
        CREATE TABLE charge_points (
            id               TEXT PRIMARY KEY,
            password_hash    TEXT NULL,
            tariff_id        TEXT NULL,
            vendor           TEXT NULL,
            model            TEXT NULL,
            serial_number    TEXT NULL,
            firmware_version TEXT NULL,
            registered_at    INTEGER NOT NULL,
            last_boot_at     INTEGER NULL,
            last_seen        INTEGER NULL
        );
        CREATE TABLE connectors (
            charge_point_id   TEXT NOT NULL, -- no foreign key: a charger may report status before its first BootNotification
            connector_id      INTEGER NOT NULL,
            status            TEXT NOT NULL,
            error_code        TEXT NOT NULL,
            info              TEXT NULL,
            vendor_error_code TEXT NULL,
            updated_at        INTEGER NOT NULL,
            PRIMARY KEY (charge_point_id, connector_id)
        );
        CREATE TABLE id_tags (
            id_tag        TEXT PRIMARY KEY,
            status        TEXT NOT NULL,
            expiry_date   INTEGER NULL,
            parent_id_tag TEXT NULL
        );
        CREATE TABLE tariffs (
            id         TEXT PRIMARY KEY,
            document   TEXT NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE sessions (
            transaction_id   INTEGER PRIMARY KEY AUTOINCREMENT,
            charge_point_id  TEXT NOT NULL,
            connector_id     INTEGER NOT NULL,
            id_tag           TEXT NOT NULL,
            reservation_id   INTEGER NULL,
            start_time       INTEGER NOT NULL,
            meter_start_wh   INTEGER NOT NULL,
            status           TEXT NOT NULL,
            stop_time        INTEGER NULL,
            meter_stop_wh    INTEGER NULL,
            stop_reason      TEXT NULL,
            stop_id_tag      TEXT NULL,
            tariff_id        TEXT NULL,
            tariff_document  TEXT NULL,
            energy_wh        NUMERIC NULL,
            energy_source    TEXT NULL,
            duration_minutes NUMERIC NULL,
            charging_minutes NUMERIC NULL,
            idle_minutes     NUMERIC NULL,
            max_power_kw     NUMERIC NULL,
            average_power_kw NUMERIC NULL,
            soc_start_percent NUMERIC NULL,
            soc_end_percent  NUMERIC NULL,
            cost             TEXT NULL,
            currency         TEXT NULL,
            total_minor      INTEGER NULL,
            anomaly_count    INTEGER NOT NULL DEFAULT 0,
            created_at       INTEGER NOT NULL,
            closed_at        INTEGER NULL
        );
        -- Idempotency by content (docs/ocpp-endpoint.md): a resent StartTransaction finds its session.
        CREATE UNIQUE INDEX ux_sessions_natural ON sessions (charge_point_id, connector_id, id_tag, meter_start_wh, start_time);
        CREATE INDEX ix_sessions_start ON sessions (start_time);
        CREATE INDEX ix_sessions_charger_start ON sessions (charge_point_id, start_time);
        CREATE INDEX ix_sessions_active ON sessions (charge_point_id, connector_id) WHERE status = 'Active';
        CREATE INDEX ix_sessions_id_tag ON sessions (id_tag, start_time);
        CREATE TABLE meter_values (
            id                INTEGER PRIMARY KEY,
            charge_point_id   TEXT NOT NULL,
            connector_id      INTEGER NOT NULL,
            transaction_id    INTEGER NULL,
            timestamp         INTEGER NOT NULL,
            measurand         TEXT NOT NULL,
            value             TEXT NOT NULL,
            unit              TEXT NOT NULL,
            phase             TEXT NULL,
            context           TEXT NOT NULL,
            location          TEXT NOT NULL,
            format            TEXT NOT NULL,
            normalized_value  NUMERIC NULL,
            normalized_unit   TEXT NULL
        );
        -- docs/ocpp-endpoint.md: a meter value identical in (transaction, timestamp, measurand, phase, context, location) is stored once.
        -- The transaction's index also serves reading a session's samples in time order; one index per row keeps inserts cheap.
        CREATE UNIQUE INDEX ux_meter_values_transaction ON meter_values
            (transaction_id, timestamp, measurand, IFNULL(phase, ''), context, location) WHERE transaction_id IS NOT NULL;
        -- Readings outside a transaction (connector 0, or no transactionId) are identified by charger and connector.
        CREATE UNIQUE INDEX ux_meter_values_charger ON meter_values
            (charge_point_id, connector_id, timestamp, measurand, IFNULL(phase, ''), context, location) WHERE transaction_id IS NULL;
        CREATE TABLE session_anomalies (
            id             INTEGER PRIMARY KEY,
            transaction_id INTEGER NOT NULL REFERENCES sessions(transaction_id),
            code           TEXT NOT NULL,
            detail         TEXT NOT NULL,
            detected_at    INTEGER NOT NULL,
            UNIQUE (transaction_id, code, detail)
        );
        CREATE TABLE orphan_messages (
            id              INTEGER PRIMARY KEY,
            charge_point_id TEXT NOT NULL,
            action          TEXT NOT NULL,
            transaction_id  TEXT NULL,
            content_key     TEXT NOT NULL,
            payload         TEXT NOT NULL,
            received_at     INTEGER NOT NULL,
            UNIQUE (charge_point_id, content_key)
        );
        CREATE INDEX ix_orphans_received ON orphan_messages (received_at);
        CREATE TABLE feedback (
            id             INTEGER PRIMARY KEY,
            transaction_id INTEGER NOT NULL REFERENCES sessions(transaction_id),
            rating         INTEGER NOT NULL,
            category       TEXT NOT NULL,
            comment        TEXT NULL,
            created_at     INTEGER NOT NULL
        );
        CREATE INDEX ix_feedback_transaction ON feedback (transaction_id);
        CREATE TABLE commands (
            id              INTEGER PRIMARY KEY,
            charge_point_id TEXT NOT NULL,
            action          TEXT NOT NULL,
            request         TEXT NOT NULL,
            outcome         TEXT NOT NULL,
            response        TEXT NULL,
            error_code      TEXT NULL,
            error_description TEXT NULL,
            requested_at    INTEGER NOT NULL,
            completed_at    INTEGER NULL
        );
        CREATE INDEX ix_commands_charger ON commands (charge_point_id, requested_at);
        """,
        """
        -- PostgreSQL twin: integers are BIGINT (SQLite's INTEGER is 64-bit), generated keys are identities.
        CREATE TABLE charge_points (
            id               TEXT PRIMARY KEY,
            password_hash    TEXT NULL,
            tariff_id        TEXT NULL,
            vendor           TEXT NULL,
            model            TEXT NULL,
            serial_number    TEXT NULL,
            firmware_version TEXT NULL,
            registered_at    BIGINT NOT NULL,
            last_boot_at     BIGINT NULL,
            last_seen        BIGINT NULL
        );
        CREATE TABLE connectors (
            charge_point_id   TEXT NOT NULL,
            connector_id      BIGINT NOT NULL,
            status            TEXT NOT NULL,
            error_code        TEXT NOT NULL,
            info              TEXT NULL,
            vendor_error_code TEXT NULL,
            updated_at        BIGINT NOT NULL,
            PRIMARY KEY (charge_point_id, connector_id)
        );
        CREATE TABLE id_tags (
            id_tag        TEXT PRIMARY KEY,
            status        TEXT NOT NULL,
            expiry_date   BIGINT NULL,
            parent_id_tag TEXT NULL
        );
        CREATE TABLE tariffs (
            id         TEXT PRIMARY KEY,
            document   TEXT NOT NULL,
            updated_at BIGINT NOT NULL
        );
        CREATE TABLE sessions (
            transaction_id   BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            charge_point_id  TEXT NOT NULL,
            connector_id     BIGINT NOT NULL,
            id_tag           TEXT NOT NULL,
            reservation_id   BIGINT NULL,
            start_time       BIGINT NOT NULL,
            meter_start_wh   BIGINT NOT NULL,
            status           TEXT NOT NULL,
            stop_time        BIGINT NULL,
            meter_stop_wh    BIGINT NULL,
            stop_reason      TEXT NULL,
            stop_id_tag      TEXT NULL,
            tariff_id        TEXT NULL,
            tariff_document  TEXT NULL,
            energy_wh        NUMERIC NULL,
            energy_source    TEXT NULL,
            duration_minutes NUMERIC NULL,
            charging_minutes NUMERIC NULL,
            idle_minutes     NUMERIC NULL,
            max_power_kw     NUMERIC NULL,
            average_power_kw NUMERIC NULL,
            soc_start_percent NUMERIC NULL,
            soc_end_percent  NUMERIC NULL,
            cost             TEXT NULL,
            currency         TEXT NULL,
            total_minor      BIGINT NULL,
            anomaly_count    BIGINT NOT NULL DEFAULT 0,
            created_at       BIGINT NOT NULL,
            closed_at        BIGINT NULL
        );
        CREATE UNIQUE INDEX ux_sessions_natural ON sessions (charge_point_id, connector_id, id_tag, meter_start_wh, start_time);
        CREATE INDEX ix_sessions_start ON sessions (start_time);
        CREATE INDEX ix_sessions_charger_start ON sessions (charge_point_id, start_time);
        CREATE INDEX ix_sessions_active ON sessions (charge_point_id, connector_id) WHERE status = 'Active';
        CREATE INDEX ix_sessions_id_tag ON sessions (id_tag, start_time);
        CREATE TABLE meter_values (
            id                BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            charge_point_id   TEXT NOT NULL,
            connector_id      BIGINT NOT NULL,
            transaction_id    BIGINT NULL,
            timestamp         BIGINT NOT NULL,
            measurand         TEXT NOT NULL,
            value             TEXT NOT NULL,
            unit              TEXT NOT NULL,
            phase             TEXT NULL,
            context           TEXT NOT NULL,
            location          TEXT NOT NULL,
            format            TEXT NOT NULL,
            normalized_value  NUMERIC NULL,
            normalized_unit   TEXT NULL
        );
        CREATE UNIQUE INDEX ux_meter_values_transaction ON meter_values
            (transaction_id, timestamp, measurand, COALESCE(phase, ''), context, location) WHERE transaction_id IS NOT NULL;
        CREATE UNIQUE INDEX ux_meter_values_charger ON meter_values
            (charge_point_id, connector_id, timestamp, measurand, COALESCE(phase, ''), context, location) WHERE transaction_id IS NULL;
        CREATE TABLE session_anomalies (
            id             BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            transaction_id BIGINT NOT NULL REFERENCES sessions(transaction_id),
            code           TEXT NOT NULL,
            detail         TEXT NOT NULL,
            detected_at    BIGINT NOT NULL,
            UNIQUE (transaction_id, code, detail)
        );
        CREATE TABLE orphan_messages (
            id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            charge_point_id TEXT NOT NULL,
            action          TEXT NOT NULL,
            transaction_id  TEXT NULL,
            content_key     TEXT NOT NULL,
            payload         TEXT NOT NULL,
            received_at     BIGINT NOT NULL,
            UNIQUE (charge_point_id, content_key)
        );
        CREATE INDEX ix_orphans_received ON orphan_messages (received_at);
        CREATE TABLE feedback (
            id             BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            transaction_id BIGINT NOT NULL REFERENCES sessions(transaction_id),
            rating         BIGINT NOT NULL,
            category       TEXT NOT NULL,
            comment        TEXT NULL,
            created_at     BIGINT NOT NULL
        );
        CREATE INDEX ix_feedback_transaction ON feedback (transaction_id);
        CREATE TABLE commands (
            id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            charge_point_id TEXT NOT NULL,
            action          TEXT NOT NULL,
            request         TEXT NOT NULL,
            outcome         TEXT NOT NULL,
            response        TEXT NULL,
            error_code      TEXT NULL,
            error_description TEXT NULL,
            requested_at    BIGINT NOT NULL,
            completed_at    BIGINT NULL
        );
        CREATE INDEX ix_commands_charger ON commands (charge_point_id, requested_at);
        """),
        new(
        """
        -- Reports (issue 5): every column a report sums, so a GROUP BY over a range of start times reads this index
        -- instead of session rows that carry their cost and tariff JSON.
        CREATE INDEX ix_sessions_report ON sessions
            (start_time, charge_point_id, id_tag, currency, status, energy_wh, total_minor, anomaly_count);
        -- Utilization: each charger's sessions in start order with their stop, so the running union needs no sort.
        CREATE INDEX ix_sessions_busy ON sessions (charge_point_id, start_time, stop_time);
        -- GET /api/anomalies: only the sessions that have anomalies, by start time.
        CREATE INDEX ix_sessions_anomalous ON sessions (start_time) WHERE anomaly_count > 0;
        """,
        """
        CREATE INDEX ix_sessions_report ON sessions
            (start_time, charge_point_id, id_tag, currency, status, energy_wh, total_minor, anomaly_count);
        CREATE INDEX ix_sessions_busy ON sessions (charge_point_id, start_time, stop_time);
        CREATE INDEX ix_sessions_anomalous ON sessions (start_time) WHERE anomaly_count > 0;
        """),
        new(
        """
        -- OCPP 1.6 idTags are CiString20: case-insensitive. A tag listed as 04A2B3C4 must match a charger that reads
        -- the card as 04a2b3c4, or a Blocked card gets through. The list's key compares without case; sessions keep
        -- the idTag exactly as sent.
        CREATE TABLE id_tags_nocase (
            id_tag        TEXT PRIMARY KEY COLLATE NOCASE,
            status        TEXT NOT NULL,
            expiry_date   INTEGER NULL,
            parent_id_tag TEXT NULL
        );
        INSERT OR IGNORE INTO id_tags_nocase (id_tag, status, expiry_date, parent_id_tag)
            SELECT id_tag, status, expiry_date, parent_id_tag FROM id_tags ORDER BY id_tag;
        DROP TABLE id_tags;
        ALTER TABLE id_tags_nocase RENAME TO id_tags;
        """,
        """
        -- PostgreSQL compares the list's key without case through a nondeterministic ICU collation (case-insensitive, as SQLite's
        -- NOCASE, and beyond ASCII too).
        CREATE COLLATION IF NOT EXISTS ocpp_nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
        CREATE TABLE id_tags_nocase (
            id_tag        TEXT COLLATE ocpp_nocase PRIMARY KEY,
            status        TEXT NOT NULL,
            expiry_date   BIGINT NULL,
            parent_id_tag TEXT NULL
        );
        INSERT INTO id_tags_nocase (id_tag, status, expiry_date, parent_id_tag)
            SELECT id_tag, status, expiry_date, parent_id_tag FROM id_tags ORDER BY id_tag ON CONFLICT DO NOTHING;
        DROP TABLE id_tags;
        ALTER TABLE id_tags_nocase RENAME TO id_tags;
        ALTER INDEX id_tags_nocase_pkey RENAME TO id_tags_pkey;
        """),
        new(
        $"""
        -- docs/ocpp-endpoint.md's identity of a meter value (transaction, timestamp, measurand, phase, context, location) with the four
        -- texts as one small integer (SampleKind): an index entry of under 20 bytes instead of some 65. Under load each
        -- MeterValues adds its rows to the newest index page of its own session, so fewer, shorter entries mean fewer
        -- page splits and fewer pages to write per commit: replaying 10,000 active sessions, the writer's CPU per
        -- MeterValues fell from about 40 to about 20 µs.
        ALTER TABLE meter_values ADD COLUMN sample_kind INTEGER NULL;
        UPDATE meter_values SET sample_kind = {SampleKind.SqlExpression()};
        DROP INDEX ux_meter_values_transaction;
        DROP INDEX ux_meter_values_charger;
        CREATE UNIQUE INDEX ux_meter_values_transaction ON meter_values (transaction_id, timestamp, sample_kind)
            WHERE transaction_id IS NOT NULL;
        CREATE UNIQUE INDEX ux_meter_values_charger ON meter_values (charge_point_id, connector_id, timestamp, sample_kind)
            WHERE transaction_id IS NULL;
        """,
        $"""
        ALTER TABLE meter_values ADD COLUMN sample_kind BIGINT NULL;
        UPDATE meter_values SET sample_kind = {SampleKind.SqlExpression()};
        DROP INDEX ux_meter_values_transaction;
        DROP INDEX ux_meter_values_charger;
        CREATE UNIQUE INDEX ux_meter_values_transaction ON meter_values (transaction_id, timestamp, sample_kind)
            WHERE transaction_id IS NOT NULL;
        CREATE UNIQUE INDEX ux_meter_values_charger ON meter_values (charge_point_id, connector_id, timestamp, sample_kind)
            WHERE transaction_id IS NULL;
        """),
        new(
        """
        -- Things done once per database, each recorded in the transaction that does it. The default tariff from
        -- appsettings.json is seeded with the row 'default_tariff_seeded', so a first start that fails after the
        -- migrations committed (a bad DefaultTariff) seeds at the next start instead of never.
        CREATE TABLE settings (
            key        TEXT PRIMARY KEY,
            value      TEXT NOT NULL,
            updated_at INTEGER NOT NULL
        );
        -- A database from before this table was seeded at its first start unless that start failed: it holds a tariff
        -- or a session then. An operator's deletion of the default stays a deletion.
        INSERT INTO settings (key, value, updated_at)
            SELECT 'default_tariff_seeded', 'before schema version 5', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
            WHERE EXISTS (SELECT 1 FROM tariffs) OR EXISTS (SELECT 1 FROM sessions);
        """,
        """
        CREATE TABLE settings (
            key        TEXT PRIMARY KEY,
            value      TEXT NOT NULL,
            updated_at BIGINT NOT NULL
        );
        INSERT INTO settings (key, value, updated_at)
            SELECT 'default_tariff_seeded', 'before schema version 5', CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)
            WHERE EXISTS (SELECT 1 FROM tariffs) OR EXISTS (SELECT 1 FROM sessions);
        """),
        new(
        """
        -- A session's count of stored samples (docs/sessions-and-pricing.md, the limit of samples per session). The
        -- MeterValues path checks the limit against it without counting rows, and a close evaluated off the writer
        -- knows, by the count, whether the samples it read are still all of them. Updated in the batch that stores them.
        ALTER TABLE sessions ADD COLUMN sample_count INTEGER NOT NULL DEFAULT 0;
        UPDATE sessions SET sample_count = (SELECT COUNT(*) FROM meter_values m WHERE m.transaction_id = sessions.transaction_id);
        """,
        """
        ALTER TABLE sessions ADD COLUMN sample_count BIGINT NOT NULL DEFAULT 0;
        UPDATE sessions SET sample_count = (SELECT COUNT(*) FROM meter_values m WHERE m.transaction_id = sessions.transaction_id);
        """),
        new(
        """
        -- Security profiles (docs/tls.md): the lowest OCPP security profile a charger must connect with; 0 asks for none.
        ALTER TABLE charge_points ADD COLUMN security_profile INTEGER NOT NULL DEFAULT 0 CHECK (security_profile BETWEEN 0 AND 3);
        """,
        """
        ALTER TABLE charge_points ADD COLUMN security_profile BIGINT NOT NULL DEFAULT 0 CHECK (security_profile BETWEEN 0 AND 3);
        """),
        new(
        $"""
        -- Corrections (issue 13, docs/corrections.md): every version of a Completed session's record and bill is kept, append-only.
        -- The sessions row is the current version; session_versions holds each version as it was made (version 1 is the
        -- close, so the original bill can always be shown), with who made it, when, why and what it changed.
        ALTER TABLE sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sessions ADD COLUMN corrected INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sessions ADD COLUMN credit NUMERIC NULL;
        ALTER TABLE sessions ADD COLUMN voided INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE session_versions (
            transaction_id       INTEGER NOT NULL REFERENCES sessions(transaction_id),
            version              INTEGER NOT NULL,
            kind                 TEXT NOT NULL,
            actor                TEXT NOT NULL,
            reason               TEXT NULL,
            changes              TEXT NOT NULL,
            record               TEXT NOT NULL,
            currency             TEXT NULL,
            net_minor            INTEGER NULL,
            total_minor          INTEGER NULL,
            previous_currency    TEXT NULL,
            previous_net_minor   INTEGER NULL,
            previous_total_minor INTEGER NULL,
            idempotency_key      TEXT NULL,
            request_hash         TEXT NULL,
            created_at           INTEGER NOT NULL,
            PRIMARY KEY (transaction_id, version)
        );
        CREATE UNIQUE INDEX ux_session_versions_idempotency ON session_versions (idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE INDEX ix_session_versions_created ON session_versions (created_at);
        -- Readings a correction took out of a session's measurement and bill (a meter that reset): kept, listed, not computed with.
        CREATE TABLE excluded_readings (
            meter_value_id INTEGER PRIMARY KEY,
            transaction_id INTEGER NOT NULL,
            version        INTEGER NOT NULL
        );
        CREATE INDEX ix_excluded_readings_transaction ON excluded_readings (transaction_id);
        CREATE TRIGGER session_versions_append_only_update BEFORE UPDATE ON session_versions
            BEGIN SELECT RAISE(ABORT, 'session versions are append-only'); END;
        CREATE TRIGGER session_versions_append_only_delete BEFORE DELETE ON session_versions
            BEGIN SELECT RAISE(ABORT, 'session versions are append-only'); END;
        CREATE TRIGGER excluded_readings_append_only_update BEFORE UPDATE ON excluded_readings
            BEGIN SELECT RAISE(ABORT, 'excluded readings are append-only'); END;
        CREATE TRIGGER excluded_readings_append_only_delete BEFORE DELETE ON excluded_readings
            BEGIN SELECT RAISE(ABORT, 'excluded readings are append-only'); END;
        -- Sessions closed before versions existed: their close becomes version 1.
        INSERT INTO session_versions (transaction_id, version, kind, actor, reason, changes, record, currency, net_minor, total_minor, created_at)
            SELECT s.transaction_id, 1, 'close', 'system', NULL, json_object(), {SessionVersionStore.RecordJson("s")}, s.currency,
                   CAST(ROUND((s.cost ->> '$.net') * 100) AS INTEGER), s.total_minor, COALESCE(s.closed_at, s.created_at)
            FROM sessions s WHERE s.status = 'Completed';
        UPDATE sessions SET version = 1 WHERE status = 'Completed';
        """,
        """
        ALTER TABLE sessions ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
        ALTER TABLE sessions ADD COLUMN corrected BIGINT NOT NULL DEFAULT 0;
        ALTER TABLE sessions ADD COLUMN credit NUMERIC NULL;
        ALTER TABLE sessions ADD COLUMN voided BIGINT NOT NULL DEFAULT 0;
        CREATE TABLE session_versions (
            transaction_id       BIGINT NOT NULL REFERENCES sessions(transaction_id),
            version              BIGINT NOT NULL,
            kind                 TEXT NOT NULL,
            actor                TEXT NOT NULL,
            reason               TEXT NULL,
            changes              TEXT NOT NULL,
            record               TEXT NOT NULL,
            currency             TEXT NULL,
            net_minor            BIGINT NULL,
            total_minor          BIGINT NULL,
            previous_currency    TEXT NULL,
            previous_net_minor   BIGINT NULL,
            previous_total_minor BIGINT NULL,
            idempotency_key      TEXT NULL,
            request_hash         TEXT NULL,
            created_at           BIGINT NOT NULL,
            PRIMARY KEY (transaction_id, version)
        );
        CREATE UNIQUE INDEX ux_session_versions_idempotency ON session_versions (idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE INDEX ix_session_versions_created ON session_versions (created_at);
        CREATE TABLE excluded_readings (
            meter_value_id BIGINT PRIMARY KEY,
            transaction_id BIGINT NOT NULL,
            version        BIGINT NOT NULL
        );
        CREATE INDEX ix_excluded_readings_transaction ON excluded_readings (transaction_id);
        -- Append-only, as on SQLite: one trigger function raises with the message given by each trigger.
        CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
        END;
        $$;
        CREATE TRIGGER session_versions_append_only_update BEFORE UPDATE ON session_versions
            FOR EACH ROW EXECUTE FUNCTION append_only('session versions are append-only');
        CREATE TRIGGER session_versions_append_only_delete BEFORE DELETE ON session_versions
            FOR EACH ROW EXECUTE FUNCTION append_only('session versions are append-only');
        CREATE TRIGGER excluded_readings_append_only_update BEFORE UPDATE ON excluded_readings
            FOR EACH ROW EXECUTE FUNCTION append_only('excluded readings are append-only');
        CREATE TRIGGER excluded_readings_append_only_delete BEFORE DELETE ON excluded_readings
            FOR EACH ROW EXECUTE FUNCTION append_only('excluded readings are append-only');
        -- The sessions closed before versions existed: PostgreSQL support came with schema version 19 (docs/postgresql.md), so a
        -- PostgreSQL database runs this on an empty sessions table and has none to turn into version 1.
        """),
        new(
        """
        -- Tariff versions (issue 13, docs/corrections.md): every PUT of a tariff makes a new version, kept append-only; a session
        -- pins the tariff id and version it started with. A tariff stored before versions existed becomes its version 1, and a
        -- session's copy identical to it is taken to be that version.
        ALTER TABLE tariffs ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
        CREATE TABLE tariff_versions (
            tariff_id  TEXT NOT NULL,
            version    INTEGER NOT NULL,
            document   TEXT NOT NULL,
            actor      TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (tariff_id, version)
        );
        CREATE TRIGGER tariff_versions_append_only_update BEFORE UPDATE ON tariff_versions
            BEGIN SELECT RAISE(ABORT, 'tariff versions are append-only'); END;
        CREATE TRIGGER tariff_versions_append_only_delete BEFORE DELETE ON tariff_versions
            BEGIN SELECT RAISE(ABORT, 'tariff versions are append-only'); END;
        INSERT INTO tariff_versions (tariff_id, version, document, actor, created_at)
            SELECT id, 1, document, 'system', updated_at FROM tariffs;
        ALTER TABLE sessions ADD COLUMN tariff_version INTEGER NULL;
        UPDATE sessions SET tariff_version = 1
            WHERE tariff_document IS NOT NULL AND tariff_document = (SELECT t.document FROM tariffs t WHERE t.id = sessions.tariff_id);
        """,
        """
        ALTER TABLE tariffs ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
        CREATE TABLE tariff_versions (
            tariff_id  TEXT NOT NULL,
            version    BIGINT NOT NULL,
            document   TEXT NOT NULL,
            actor      TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (tariff_id, version)
        );
        CREATE TRIGGER tariff_versions_append_only_update BEFORE UPDATE ON tariff_versions
            FOR EACH ROW EXECUTE FUNCTION append_only('tariff versions are append-only');
        CREATE TRIGGER tariff_versions_append_only_delete BEFORE DELETE ON tariff_versions
            FOR EACH ROW EXECUTE FUNCTION append_only('tariff versions are append-only');
        INSERT INTO tariff_versions (tariff_id, version, document, actor, created_at)
            SELECT id, 1, document, 'system', updated_at FROM tariffs;
        ALTER TABLE sessions ADD COLUMN tariff_version BIGINT NULL;
        UPDATE sessions SET tariff_version = 1
            WHERE tariff_document IS NOT NULL AND tariff_document = (SELECT t.document FROM tariffs t WHERE t.id = sessions.tariff_id);
        """),
        new(
        """
        -- The anomaly workflow (issue 13, docs/corrections.md): each anomaly is Open, Acknowledged, Resolved (by the correction,
        -- a session version, that made it go) or Dismissed (with a note). A Resolved one is no longer the session's anomaly: it
        -- is kept to show what was resolved, and not counted.
        ALTER TABLE session_anomalies ADD COLUMN status TEXT NOT NULL DEFAULT 'Open';
        ALTER TABLE session_anomalies ADD COLUMN note TEXT NULL;
        ALTER TABLE session_anomalies ADD COLUMN resolved_by_version INTEGER NULL;
        ALTER TABLE session_anomalies ADD COLUMN decided_by TEXT NULL;
        ALTER TABLE session_anomalies ADD COLUMN decided_at INTEGER NULL;
        CREATE INDEX ix_session_anomalies_status ON session_anomalies (status, transaction_id);
        """,
        """
        ALTER TABLE session_anomalies ADD COLUMN status TEXT NOT NULL DEFAULT 'Open';
        ALTER TABLE session_anomalies ADD COLUMN note TEXT NULL;
        ALTER TABLE session_anomalies ADD COLUMN resolved_by_version BIGINT NULL;
        ALTER TABLE session_anomalies ADD COLUMN decided_by TEXT NULL;
        ALTER TABLE session_anomalies ADD COLUMN decided_at BIGINT NULL;
        CREATE INDEX ix_session_anomalies_status ON session_anomalies (status, transaction_id);
        """),
        new(
        """
        -- The audit (issue 13, docs/corrections.md): every change an operator made through the admin API, who (the admin key's
        -- name), when, what; append-only.
        CREATE TABLE audit_log (
            id       INTEGER PRIMARY KEY,
            at       INTEGER NOT NULL,
            actor    TEXT NOT NULL,
            category TEXT NOT NULL,
            method   TEXT NOT NULL,
            path     TEXT NOT NULL,
            status   INTEGER NOT NULL,
            detail   TEXT NULL
        );
        CREATE INDEX ix_audit_log_at ON audit_log (at);
        CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;
        CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;
        """,
        """
        CREATE TABLE audit_log (
            id       BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            at       BIGINT NOT NULL,
            actor    TEXT NOT NULL,
            category TEXT NOT NULL,
            method   TEXT NOT NULL,
            path     TEXT NOT NULL,
            status   BIGINT NOT NULL,
            detail   TEXT NULL
        );
        CREATE INDEX ix_audit_log_at ON audit_log (at);
        CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION append_only('the audit is append-only');
        CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION append_only('the audit is append-only');
        """),
        new(
        """
        -- Charger health (issue 14, docs/charger-health.md): a charger's history of connections, refused handshakes, boots,
        -- connector status changes and keep-alive timeouts. Read per charger by time, and for availability across chargers.
        CREATE TABLE charger_events (
            id              INTEGER PRIMARY KEY,
            charge_point_id TEXT NOT NULL,
            at              INTEGER NOT NULL,
            kind            TEXT NOT NULL,
            connector_id    INTEGER NULL,
            status          TEXT NULL,
            error_code      TEXT NULL,
            info            TEXT NULL,
            reported_at     INTEGER NULL, -- the charger's own timestamp of a status change
            reason          TEXT NULL,
            close_code      INTEGER NULL,
            remote_address  TEXT NULL
        );
        CREATE INDEX ix_charger_events_charger ON charger_events (charge_point_id, at);
        CREATE INDEX ix_charger_events_links ON charger_events (at, charge_point_id) WHERE kind IN ('Connected', 'Disconnected');
        """,
        """
        CREATE TABLE charger_events (
            id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            charge_point_id TEXT NOT NULL,
            at              BIGINT NOT NULL,
            kind            TEXT NOT NULL,
            connector_id    BIGINT NULL,
            status          TEXT NULL,
            error_code      TEXT NULL,
            info            TEXT NULL,
            reported_at     BIGINT NULL,
            reason          TEXT NULL,
            close_code      BIGINT NULL,
            remote_address  TEXT NULL
        );
        CREATE INDEX ix_charger_events_charger ON charger_events (charge_point_id, at);
        CREATE INDEX ix_charger_events_links ON charger_events (at, charge_point_id) WHERE kind IN ('Connected', 'Disconnected');
        """),
        new(
        """
        -- Offline gaps (issue 14, docs/charger-health.md): when the server received a meter value that came in a MeterValues
        -- message (null for older rows and for a StopTransaction's transactionData), so a session can tell values the
        -- charger queued while offline, received long after their timestamp.
        ALTER TABLE meter_values ADD COLUMN received_at INTEGER NULL;
        """,
        """
        ALTER TABLE meter_values ADD COLUMN received_at BIGINT NULL;
        """),
        new(
        """
        -- Driver receipts (docs/receipts.md): each session's unguessable receipt token, 128 random bits as 32 lowercase
        -- hex digits. New sessions get theirs from the server's cryptographic generator when they start; sessions from
        -- before this migration get one from SQLite's randomblob (ChaCha20 seeded by the operating system).
        ALTER TABLE sessions ADD COLUMN receipt_token TEXT NULL;
        UPDATE sessions SET receipt_token = lower(hex(randomblob(16))) WHERE receipt_token IS NULL;
        CREATE UNIQUE INDEX ux_sessions_receipt_token ON sessions (receipt_token) WHERE receipt_token IS NOT NULL;
        -- A receipt names the charger the way drivers know it: an operator may give it a name and an address.
        ALTER TABLE charge_points ADD COLUMN name TEXT NULL;
        ALTER TABLE charge_points ADD COLUMN address TEXT NULL;
        """,
        """
        ALTER TABLE sessions ADD COLUMN receipt_token TEXT NULL;
        -- gen_random_uuid draws from the operating system's cryptographic generator: 122 random bits as 32 hex digits.
        UPDATE sessions SET receipt_token = replace(CAST(gen_random_uuid() AS TEXT), '-', '') WHERE receipt_token IS NULL;
        CREATE UNIQUE INDEX ux_sessions_receipt_token ON sessions (receipt_token) WHERE receipt_token IS NOT NULL;
        ALTER TABLE charge_points ADD COLUMN name TEXT NULL;
        ALTER TABLE charge_points ADD COLUMN address TEXT NULL;
        """),
        new(
        """
        -- Webhooks (issue 14, docs/webhooks.md): the operator's receivers with their secret (needed to sign, so kept as
        -- given) and the event types each subscribes to; the outbox of events, written in the transaction of what caused
        -- them, and one delivery per subscribed webhook with its attempts and the time of its next one.
        CREATE TABLE webhooks (
            id         TEXT PRIMARY KEY,
            url        TEXT NOT NULL,
            secret     TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE webhook_subscriptions (
            webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
            event_type TEXT NOT NULL,
            PRIMARY KEY (webhook_id, event_type)
        );
        CREATE INDEX ix_webhook_subscriptions_type ON webhook_subscriptions (event_type, webhook_id);
        CREATE TABLE webhook_events (
            id              TEXT PRIMARY KEY,
            type            TEXT NOT NULL,
            occurred_at     INTEGER NOT NULL,
            charge_point_id TEXT NULL,
            dedup_key       TEXT NULL, -- what makes the event once-only (a charger's one disconnection for charger.offline)
            body            TEXT NOT NULL -- the exact JSON sent and signed, the same on every attempt
        );
        CREATE UNIQUE INDEX ux_webhook_events_dedup ON webhook_events (dedup_key) WHERE dedup_key IS NOT NULL;
        CREATE INDEX ix_webhook_events_charger ON webhook_events (charge_point_id, type, occurred_at);
        CREATE INDEX ix_webhook_events_occurred ON webhook_events (occurred_at);
        CREATE TABLE webhook_deliveries (
            id              INTEGER PRIMARY KEY,
            webhook_id      TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
            event_id        TEXT NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
            outcome         TEXT NOT NULL, -- Pending, Delivered, Failed
            attempts        INTEGER NOT NULL,
            next_attempt_at INTEGER NULL,
            last_attempt_at INTEGER NULL,
            status_code     INTEGER NULL,
            error           TEXT NULL,
            created_at      INTEGER NOT NULL,
            completed_at    INTEGER NULL
        );
        CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE outcome = 'Pending';
        CREATE INDEX ix_webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);
        CREATE INDEX ix_webhook_deliveries_event ON webhook_deliveries (event_id);
        """,
        """
        CREATE TABLE webhooks (
            id         TEXT PRIMARY KEY,
            url        TEXT NOT NULL,
            secret     TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        );
        CREATE TABLE webhook_subscriptions (
            webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
            event_type TEXT NOT NULL,
            PRIMARY KEY (webhook_id, event_type)
        );
        CREATE INDEX ix_webhook_subscriptions_type ON webhook_subscriptions (event_type, webhook_id);
        CREATE TABLE webhook_events (
            id              TEXT PRIMARY KEY,
            type            TEXT NOT NULL,
            occurred_at     BIGINT NOT NULL,
            charge_point_id TEXT NULL,
            dedup_key       TEXT NULL,
            body            TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ux_webhook_events_dedup ON webhook_events (dedup_key) WHERE dedup_key IS NOT NULL;
        CREATE INDEX ix_webhook_events_charger ON webhook_events (charge_point_id, type, occurred_at);
        CREATE INDEX ix_webhook_events_occurred ON webhook_events (occurred_at);
        CREATE TABLE webhook_deliveries (
            id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            webhook_id      TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
            event_id        TEXT NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
            outcome         TEXT NOT NULL,
            attempts        BIGINT NOT NULL,
            next_attempt_at BIGINT NULL,
            last_attempt_at BIGINT NULL,
            status_code     BIGINT NULL,
            error           TEXT NULL,
            created_at      BIGINT NOT NULL,
            completed_at    BIGINT NULL
        );
        CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE outcome = 'Pending';
        CREATE INDEX ix_webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);
        CREATE INDEX ix_webhook_deliveries_event ON webhook_deliveries (event_id);
        """),
        new(
        """
        -- The OCPP message log (issue 14, docs/charger-health.md): every frame in and out of a charger whose log is on, its
        -- text redacted and cut at a limit. A charger's own setting (1 on, 0 off) wins over --message-log; NULL follows it.
        ALTER TABLE charge_points ADD COLUMN message_log INTEGER NULL;
        CREATE TABLE ocpp_messages (
            id              INTEGER PRIMARY KEY,
            charge_point_id TEXT NOT NULL,
            at              INTEGER NOT NULL,
            direction       TEXT NOT NULL,    -- In (from the charger) or Out (to it)
            message_type    TEXT NULL,        -- Call, CallResult or CallError; NULL for a frame that could not be read
            message_id      TEXT NULL,
            action          TEXT NULL,
            frame           TEXT NULL,        -- the frame as text, secrets redacted, its first characters only past the limit
            length          INTEGER NOT NULL, -- the whole frame's length in characters (bytes for a binary frame)
            truncated       INTEGER NOT NULL
        );
        CREATE INDEX ix_ocpp_messages_charger ON ocpp_messages (charge_point_id, at);
        CREATE INDEX ix_ocpp_messages_at ON ocpp_messages (at);
        """,
        """
        ALTER TABLE charge_points ADD COLUMN message_log BIGINT NULL;
        CREATE TABLE ocpp_messages (
            id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            charge_point_id TEXT NOT NULL,
            at              BIGINT NOT NULL,
            direction       TEXT NOT NULL,
            message_type    TEXT NULL,
            message_id      TEXT NULL,
            action          TEXT NULL,
            frame           TEXT NULL,
            length          BIGINT NOT NULL,
            truncated       BIGINT NOT NULL
        );
        CREATE INDEX ix_ocpp_messages_charger ON ocpp_messages (charge_point_id, at);
        CREATE INDEX ix_ocpp_messages_at ON ocpp_messages (at);
        """),
        new(
        """
        -- Re-pricing a tariff's sessions (issue 13, docs/corrections.md): the answer of each POST /api/tariffs/{id}/reprice sent
        -- with an Idempotency-Key, so that a resend returns it and changes nothing. Append-only, like the versions it made.
        CREATE TABLE tariff_reprices (
            idempotency_key TEXT PRIMARY KEY,
            request_hash    TEXT NOT NULL,
            tariff_id       TEXT NOT NULL,
            actor           TEXT NOT NULL,
            result          TEXT NOT NULL,
            created_at      INTEGER NOT NULL
        );
        CREATE TRIGGER tariff_reprices_append_only_update BEFORE UPDATE ON tariff_reprices
            BEGIN SELECT RAISE(ABORT, 'tariff re-prices are append-only'); END;
        CREATE TRIGGER tariff_reprices_append_only_delete BEFORE DELETE ON tariff_reprices
            BEGIN SELECT RAISE(ABORT, 'tariff re-prices are append-only'); END;
        """,
        """
        CREATE TABLE tariff_reprices (
            idempotency_key TEXT PRIMARY KEY,
            request_hash    TEXT NOT NULL,
            tariff_id       TEXT NOT NULL,
            actor           TEXT NOT NULL,
            result          TEXT NOT NULL,
            created_at      BIGINT NOT NULL
        );
        CREATE TRIGGER tariff_reprices_append_only_update BEFORE UPDATE ON tariff_reprices
            FOR EACH ROW EXECUTE FUNCTION append_only('tariff re-prices are append-only');
        CREATE TRIGGER tariff_reprices_append_only_delete BEFORE DELETE ON tariff_reprices
            FOR EACH ROW EXECUTE FUNCTION append_only('tariff re-prices are append-only');
        """),
        new(
        """
        -- Stale sessions (docs/corrections.md): when the server last heard from the charger about an Active session (its
        -- StartTransaction or a MeterValues for it), kept by the writer as messages arrive, so the periodic sweep finds the
        -- sessions gone silent from an index of Active sessions instead of from their readings.
        ALTER TABLE sessions ADD COLUMN last_message_at INTEGER NULL;
        UPDATE sessions SET last_message_at = COALESCE(
            (SELECT MAX(m.received_at) FROM meter_values m WHERE m.transaction_id = sessions.transaction_id), created_at)
        WHERE status = 'Active';
        CREATE INDEX ix_sessions_active_last_message ON sessions (last_message_at) WHERE status = 'Active';
        -- A session an operator closed (correction kind close) until the charger's own StopTransaction measures it again.
        ALTER TABLE sessions ADD COLUMN awaiting_charger_stop INTEGER NOT NULL DEFAULT 0;
        """,
        """
        ALTER TABLE sessions ADD COLUMN last_message_at BIGINT NULL;
        UPDATE sessions SET last_message_at = COALESCE(
            (SELECT MAX(m.received_at) FROM meter_values m WHERE m.transaction_id = sessions.transaction_id), created_at)
        WHERE status = 'Active';
        CREATE INDEX ix_sessions_active_last_message ON sessions (last_message_at) WHERE status = 'Active';
        ALTER TABLE sessions ADD COLUMN awaiting_charger_stop BIGINT NOT NULL DEFAULT 0;
        """),
        new(
        """
        -- Cost on the charger's display (docs/charger-display.md): the operator's setting (NULL = automatic) and what the
        -- charger's configuration said when it was last read after a boot (NULL = not read, or the key not reported).
        CREATE TABLE charger_displays (
            charge_point_id TEXT PRIMARY KEY,
            setting INTEGER NULL,
            supported INTEGER NULL,
            decimals INTEGER NULL,
            language TEXT NULL,
            read_at INTEGER NULL
        );
        """,
        """
        CREATE TABLE charger_displays (
            charge_point_id TEXT PRIMARY KEY,
            setting BIGINT NULL,
            supported BIGINT NULL,
            decimals BIGINT NULL,
            language TEXT NULL,
            read_at BIGINT NULL
        );
        """),
        new(
        """
        -- Several instances on one database (docs/deployment.md), used on PostgreSQL only; on SQLite the tables stay empty.
        -- The instances alive, each heartbeating; which instance holds each charger's connection, and the connection's
        -- epoch, one more at every connect (instance_id NULL: connected nowhere). A command for a charger another instance
        -- holds names the instance that sends it (target) and the one that waits for it (caller); payload is what is sent,
        -- kept only until the command ends; audit the operator's audit row, appended when the charger answers.
        CREATE TABLE cluster_instances (
            id           TEXT PRIMARY KEY,
            started_at   INTEGER NOT NULL,
            heartbeat_at INTEGER NOT NULL
        );
        CREATE TABLE charger_connections (
            charge_point_id TEXT PRIMARY KEY,
            instance_id     TEXT NULL,
            epoch           INTEGER NOT NULL,
            connected_at    INTEGER NOT NULL
        );
        CREATE INDEX ix_charger_connections_instance ON charger_connections (instance_id);
        ALTER TABLE commands ADD COLUMN payload TEXT NULL;
        ALTER TABLE commands ADD COLUMN target_instance TEXT NULL;
        ALTER TABLE commands ADD COLUMN caller_instance TEXT NULL;
        ALTER TABLE commands ADD COLUMN taken_at INTEGER NULL;
        ALTER TABLE commands ADD COLUMN audit TEXT NULL;
        CREATE INDEX ix_commands_routed ON commands (target_instance) WHERE outcome = 'Pending';
        """,
        """
        -- PostgreSQL twin.
        CREATE TABLE cluster_instances (
            id           TEXT PRIMARY KEY,
            started_at   BIGINT NOT NULL,
            heartbeat_at BIGINT NOT NULL
        );
        CREATE TABLE charger_connections (
            charge_point_id TEXT PRIMARY KEY,
            instance_id     TEXT NULL,
            epoch           BIGINT NOT NULL,
            connected_at    BIGINT NOT NULL
        );
        CREATE INDEX ix_charger_connections_instance ON charger_connections (instance_id);
        ALTER TABLE commands ADD COLUMN payload TEXT NULL;
        ALTER TABLE commands ADD COLUMN target_instance TEXT NULL;
        ALTER TABLE commands ADD COLUMN caller_instance TEXT NULL;
        ALTER TABLE commands ADD COLUMN taken_at BIGINT NULL;
        ALTER TABLE commands ADD COLUMN audit TEXT NULL;
        CREATE INDEX ix_commands_routed ON commands (target_instance) WHERE outcome = 'Pending';
        """),
        new(
        """
        -- A charger's CALLERROR keeps its errorDetails (an OCPP-J JSON object) beside its code and description, so that an
        -- instance answering for a command another instance sent gives the same answer as that one (docs/deployment.md).
        ALTER TABLE commands ADD COLUMN error_details TEXT NULL;
        """,
        """
        ALTER TABLE commands ADD COLUMN error_details TEXT NULL;
        """),
        new(
        """
        -- Several instances (docs/deployment.md), PostgreSQL only: a change of a charger's record (its removal, its message
        -- log) made through an instance that does not hold its connection, kept a while so that the holder applies it from
        -- its sweep when the notification is lost. epoch: the charger's connection epoch when the change was made; the change
        -- applies to that connection and older ones (a newer one reads the record as it connects).
        CREATE TABLE charger_changes (
            id              INTEGER PRIMARY KEY,
            charge_point_id TEXT NOT NULL,
            epoch           INTEGER NOT NULL,
            changed_at      INTEGER NOT NULL
        );
        CREATE INDEX ix_charger_changes_changed_at ON charger_changes (changed_at);
        """,
        """
        CREATE TABLE charger_changes (
            id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            charge_point_id TEXT NOT NULL,
            epoch           BIGINT NOT NULL,
            changed_at      BIGINT NOT NULL
        );
        CREATE INDEX ix_charger_changes_changed_at ON charger_changes (changed_at);
        """),
    ];

    public static int LatestVersion => Migrations.Length;

    /// <summary>The schema version just before the migration whose text contains <paramref name="marker"/> (for a migration's tests, whatever its place).</summary>
    internal static int VersionBefore(string marker) =>
        Array.FindIndex(Migrations, m => m.Sqlite.Contains(marker, StringComparison.Ordinal)) is var index and >= 0
            ? index
            : throw new ArgumentException($"no migration contains '{marker}'", nameof(marker));

    /// <returns>The version the database had before.</returns>
    public static int Apply(DbConnection connection) => Apply(connection, Migrations.Length);

    /// <summary>Brings the database up to <paramref name="targetVersion"/> only (tests of a migration start from the version before it).</summary>
    internal static int Apply(DbConnection connection, int targetVersion) =>
        SqlDialect.Of(connection) == SqlDialect.Postgres ? ApplyPostgres(connection, targetVersion) : ApplySqlite(connection, targetVersion);

    private static int ApplySqlite(DbConnection connection, int targetVersion)
    {
        var version = connection.ExecuteScalar<int>("PRAGMA user_version;");
        ThrowIfNewer(version);
        for (var next = version; next < targetVersion; next++)
        {
            using var transaction = connection.BeginTransaction();
            connection.Execute(Migrations[next].Sqlite, transaction: transaction);
            // PRAGMA takes no parameters; the value is our own integer.
            connection.Execute($"PRAGMA user_version = {next + 1};", transaction: transaction);
            transaction.Commit();
        }
        return version;
    }

    /// <summary>
    /// PostgreSQL keeps the version in the one-row table <c>schema_version</c>. Each migration runs in a transaction that
    /// first takes an advisory lock, so servers starting at once on the same database apply each migration once, in order.
    /// </summary>
    private static int ApplyPostgres(DbConnection connection, int targetVersion)
    {
        int? before = null;
        while (true)
        {
            using var transaction = connection.BeginTransaction();
            connection.Execute($"SELECT pg_advisory_xact_lock({MigrationLock})", transaction: transaction);
            connection.Execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)", transaction: transaction);
            var version = connection.ExecuteScalar<int?>("SELECT MAX(version) FROM schema_version", transaction: transaction) ?? 0;
            before ??= version;
            ThrowIfNewer(version);
            if (version >= targetVersion)
            {
                transaction.Commit();
                return before.Value;
            }
            connection.Execute(Migrations[version].Postgres, transaction: transaction);
            connection.Execute("DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES (@next)", new { next = version + 1 }, transaction);
            transaction.Commit();
        }
    }

    /// <summary>The advisory lock key the migrations take on PostgreSQL (any fixed number; "CM" in ASCII).</summary>
    private const long MigrationLock = 0x434D;

    private static void ThrowIfNewer(int version)
    {
        if (version > Migrations.Length)
            throw new InvalidOperationException($"the database has schema version {version}, newer than this server's {Migrations.Length}");
    }

    /// <summary>One step of the schema, in the SQL of each backend (the PostgreSQL twin creates the same tables, indexes and rules).</summary>
    private sealed record Migration(string Sqlite, string Postgres);
}
