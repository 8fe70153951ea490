using System.Data;
using Dapper;

namespace OcppCentral.Storage;

/// <summary>
/// Flags are stored as integers 1 and 0 on both backends (SQLite has no boolean; PostgreSQL keeps its BIGINT twin so the
/// same SQL compares them with 1 and 0). A bool parameter is therefore sent as that integer, and a flag reads back as a
/// bool from an integer (or from a PostgreSQL boolean, as EXISTS yields).
/// </summary>
public sealed class BooleanTypeHandler : SqlMapper.TypeHandler<bool>
{
    public static void Register()
    {
        // Dapper's own map for bool would win over a handler.
        SqlMapper.RemoveTypeMap(typeof(bool));
        SqlMapper.AddTypeHandler(new BooleanTypeHandler());
    }

    public override bool Parse(object value) => value switch
    {
        bool b => b,
        long l => l != 0,
        int i => i != 0,
        _ => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) != 0,
    };

    public override void SetValue(IDbDataParameter parameter, bool value)
    {
        parameter.DbType = DbType.Int64;
        parameter.Value = value ? 1L : 0L;
    }
}
