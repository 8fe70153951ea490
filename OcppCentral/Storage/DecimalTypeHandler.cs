using System.Data;
using System.Globalization;
using Dapper;

namespace OcppCentral.Storage;

/// <summary>
/// Reads decimals from SQLite whatever storage class a row holds. A NUMERIC column keeps 12345 as INTEGER and
/// 16.2 as REAL, so one column yields Int64 in one row and Double in the next, which Dapper's generated reader
/// cannot cast; text is parsed with the invariant culture, never the machine's.
/// </summary>
public sealed class DecimalTypeHandler : SqlMapper.TypeHandler<decimal>
{
    public static void Register() => SqlMapper.AddTypeHandler(new DecimalTypeHandler());

    public override decimal Parse(object value) => value switch
    {
        long l => l,
        double d => (decimal)d,
        string s => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
    };

    public override void SetValue(IDbDataParameter parameter, decimal value)
    {
        parameter.DbType = DbType.Decimal;
        parameter.Value = value;
    }
}
