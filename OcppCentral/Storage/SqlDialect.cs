using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OcppCentral.Storage;

/// <summary>
/// The SQL that differs between the storage backends, in one place: everything else in Storage is written once in the
/// subset SQLite and PostgreSQL share (docs/architecture.md, Storage). A store asks the <see cref="Database"/> for its
/// dialect, or, for the statements run on the writer's connection, <see cref="Of"/> that connection.
/// </summary>
public abstract class SqlDialect
{
    public static readonly SqlDialect Sqlite = new SqliteDialect();
    public static readonly SqlDialect Postgres = new PostgresDialect();

    /// <summary>The dialect of the backend <paramref name="connection"/> belongs to.</summary>
    public static SqlDialect Of(DbConnection connection) => connection switch
    {
        SqliteConnection => Sqlite,
        NpgsqlConnection => Postgres,
        _ => throw new NotSupportedException($"No SQL dialect for {connection.GetType().Name}."),
    };

    /// <summary>The smallest 64-bit integer as a literal of type integer (an open lower bound of a range).</summary>
    public abstract string MinInteger { get; }

    /// <summary>The type a figure is cast to for reading as a double.</summary>
    public abstract string Double { get; }

    /// <summary>The larger of two non-null values.</summary>
    public abstract string Greatest(string a, string b);

    /// <summary>
    /// <paramref name="expression"/> is one of the array given as <paramref name="parameter"/> (pass an array: Dapper expands it
    /// into a list on SQLite and sends it whole, as a PostgreSQL array, on Npgsql).
    /// </summary>
    public abstract string In(string expression, string parameter);

    /// <summary>The negation of <see cref="In"/>: true for an empty array.</summary>
    public string NotIn(string expression, string parameter) => $"NOT ({In(expression, parameter)})";

    /// <summary>The smaller of two non-null values.</summary>
    public abstract string Least(string a, string b);

    /// <summary>The number at <paramref name="field"/> of a JSON object held as text in <paramref name="column"/>, in minor units (×100, rounded).</summary>
    public abstract string JsonMinor(string column, string field);

    /// <summary>The JSON text of <paramref name="field"/> of a JSON object held as text in <paramref name="column"/>.</summary>
    public abstract string JsonField(string column, string field);

    /// <summary>The values of <paramref name="expression"/> joined with <paramref name="separator"/>, in no particular order.</summary>
    public abstract string GroupConcat(string expression, string separator);

    /// <summary>
    /// Rows (i, ms) of a JSON array of integers given as the text parameter <paramref name="parameter"/>: each element with its
    /// index from 0.
    /// </summary>
    public abstract string IndexedIntegers(string parameter);

    private sealed class SqliteDialect : SqlDialect
    {
        public override string MinInteger => "-9223372036854775808";

        public override string Double => "REAL";

        public override string Greatest(string a, string b) => $"MAX({a}, {b})";

        public override string Least(string a, string b) => $"MIN({a}, {b})";

        public override string In(string expression, string parameter) => $"{expression} IN {parameter}";

        public override string JsonMinor(string column, string field) => $"CAST(ROUND(json_extract({column}, '$.{field}') * 100) AS INTEGER)";

        public override string JsonField(string column, string field) => $"{column} -> '$.{field}'";

        public override string GroupConcat(string expression, string separator) => $"group_concat({expression}, '{separator}')";

        public override string IndexedIntegers(string parameter) => $"SELECT CAST(key AS INTEGER) AS i, value AS ms FROM json_each({parameter})";
    }

    /// <summary>
    /// PostgreSQL: integers are BIGINT (as SQLite's INTEGER), JSON is kept as text and read through the json type, which
    /// keeps a field's text as written (jsonb would reorder and reformat it).
    /// </summary>
    private sealed class PostgresDialect : SqlDialect
    {
        public override string MinInteger => "(-9223372036854775807 - 1)";

        public override string Double => "DOUBLE PRECISION";

        public override string Greatest(string a, string b) => $"GREATEST({a}, {b})";

        public override string Least(string a, string b) => $"LEAST({a}, {b})";

        public override string In(string expression, string parameter) => $"{expression} = ANY({parameter})";

        public override string JsonMinor(string column, string field) =>
            $"CAST(ROUND(CAST(CAST({column} AS json) ->> '{field}' AS NUMERIC) * 100) AS BIGINT)";

        public override string JsonField(string column, string field) => $"CAST(CAST({column} AS json) -> '{field}' AS TEXT)";

        public override string GroupConcat(string expression, string separator) => $"string_agg(CAST({expression} AS TEXT), '{separator}')";

        public override string IndexedIntegers(string parameter) =>
            $"SELECT CAST(t.n - 1 AS BIGINT) AS i, CAST(t.value AS BIGINT) AS ms FROM json_array_elements_text(CAST({parameter} AS json)) WITH ORDINALITY AS t(value, n)";
    }
}
