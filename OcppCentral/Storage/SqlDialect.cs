using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OcppCentral.Storage;

/// <summary>
/// The SQL that differs between the storage backends, in one place: everything else in Storage is written once in the
/// subset SQLite and PostgreSQL share (docs/architecture.md, Storage). A store asks the <see cref="Database"/> for its
/// dialect, or, for the statements run on the writer's connection, <see cref="Of"/> that connection.
/// </summary>
public abstract class SqlDialect
{
    public static readonly SqlDialect Sqlite = new SqliteDialect();

    /// <summary>The dialect of the backend <paramref name="connection"/> belongs to.</summary>
    public static SqlDialect Of(DbConnection connection) => connection switch
    {
        SqliteConnection => Sqlite,
        _ => throw new NotSupportedException($"No SQL dialect for {connection.GetType().Name}."),
    };

    /// <summary>The smallest 64-bit integer as a literal of type integer (an open lower bound of a range).</summary>
    public abstract string MinInteger { get; }

    /// <summary>The type a figure is cast to for reading as a double.</summary>
    public abstract string Double { get; }

    /// <summary>The larger of two non-null values.</summary>
    public abstract string Greatest(string a, string b);

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

        public override string JsonMinor(string column, string field) => $"CAST(ROUND(json_extract({column}, '$.{field}') * 100) AS INTEGER)";

        public override string JsonField(string column, string field) => $"{column} -> '$.{field}'";

        public override string GroupConcat(string expression, string separator) => $"group_concat({expression}, '{separator}')";

        public override string IndexedIntegers(string parameter) => $"SELECT CAST(key AS INTEGER) AS i, value AS ms FROM json_each({parameter})";
    }
}
