using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace OcppCentral.Storage;

/// <summary>
/// Commands kept prepared on the writer's connection for the statements that run thousands of times a second
/// (a meter-value insert, a session lookup). Microsoft.Data.Sqlite keeps a command's compiled statement while its
/// text stays the same, so reusing the command skips SQLite's parse and plan on every call; Dapper creates a new
/// command each time. Everything else goes through Dapper.
/// </summary>
public static class PreparedCommands
{
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Cache = new();

    /// <summary>The command for <paramref name="sql"/> on this connection, created with <paramref name="parameterNames"/> on first use.</summary>
    public static SqliteCommand Get(SqliteConnection connection, SqliteTransaction? transaction, string sql, params string[] parameterNames)
    {
        var commands = Cache.GetOrCreateValue(connection);
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameterNames)
                command.Parameters.Add(new SqliteParameter(name, null));
            commands[sql] = command;
        }
        command.Transaction = transaction;
        return command;
    }

    public static object Value(object? value) => value ?? DBNull.Value;
}
