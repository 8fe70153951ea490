using Npgsql;

namespace OcppCentral.Storage;

/// <summary>
/// A PostgreSQL database named by <c>--database</c> (docs/postgresql.md): a connection string of Npgsql keywords
/// (<c>Host=db;Database=chargemonitor;Username=cm</c>) or a URL (<c>postgres://cm:secret@db:5432/chargemonitor?sslmode=require</c>).
/// Anything else is a SQLite path.
/// </summary>
public sealed record PostgresTarget(string ConnectionString, string DisplayName)
{
    /// <returns>The PostgreSQL database <paramref name="database"/> names, or null when it is a SQLite path.</returns>
    /// <exception cref="ArgumentException">It is meant for PostgreSQL but cannot be read (an unknown keyword, a bad port).</exception>
    public static PostgresTarget? TryParse(string database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var text = database.Trim();
        NpgsqlConnectionStringBuilder builder;
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            builder = FromUrl(text);
        else if (LooksLikeConnectionString(text))
            builder = Read(text);
        else
            return null;
        if (string.IsNullOrEmpty(builder.Host))
            throw new ArgumentException("the PostgreSQL connection string names no Host");
        var display = $"postgresql://{(string.IsNullOrEmpty(builder.Username) ? "" : builder.Username + "@")}{builder.Host}:{builder.Port}/{builder.Database}";
        return new PostgresTarget(builder.ConnectionString, display);
    }

    /// <summary>A connection string names its host with Host= or Server= among semicolon-separated keywords.</summary>
    private static bool LooksLikeConnectionString(string text) =>
        text.Contains('=') && text.Split(';').Any(part =>
            part.Split('=', 2)[0].Trim() is var key
            && (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase)));

    private static NpgsqlConnectionStringBuilder Read(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"the PostgreSQL connection string cannot be read: {ex.Message}", ex);
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new ArgumentException("the postgres:// URL cannot be read (write postgres://user:password@host:port/database)");
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host.Trim('[', ']') };
        if (uri.Port > 0)
            builder.Port = uri.Port;
        if (uri.UserInfo.Length > 0)
        {
            var (user, password) = uri.UserInfo.Split(':', 2) is [var u, var p] ? (u, p) : (uri.UserInfo, null);
            builder.Username = Uri.UnescapeDataString(user);
            if (password is not null)
                builder.Password = Uri.UnescapeDataString(password);
        }
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
            builder.Database = Uri.UnescapeDataString(path);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (Uri.UnescapeDataString(k), Uri.UnescapeDataString(v)) : (Uri.UnescapeDataString(pair), "");
            try
            {
                // libpq's names where they differ from Npgsql's; the rest are Npgsql keywords (Npgsql reads sslmode=require as SslMode=Require).
                builder[key switch
                {
                    "user" => "Username",
                    "dbname" => "Database",
                    "connect_timeout" => "Timeout",
                    "application_name" => "Application Name",
                    "sslrootcert" => "Root Certificate",
                    "sslcert" => "SSL Certificate",
                    "sslkey" => "SSL Key",
                    "sslpassword" => "SSL Password",
                    "target_session_attrs" => "Target Session Attributes",
                    _ => key,
                }] = value;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
            {
                throw new ArgumentException($"the postgres:// URL's parameter '{key}' cannot be used: {ex.Message}", ex);
            }
        }
        return builder;
    }
}
