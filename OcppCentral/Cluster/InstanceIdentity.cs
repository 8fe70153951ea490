using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using OcppCentral.Storage;

namespace OcppCentral.Cluster;

/// <summary>
/// Who this instance is (docs/deployment.md): <c>--instance-id</c>, or the host name with a random suffix, new at each start
/// so that a restarted instance is never taken for the one that died. <see cref="Shared"/> when the database is PostgreSQL,
/// which other instances may share; on SQLite the server is the only instance and the cluster parts do nothing.
/// </summary>
public sealed class InstanceIdentity(IOptions<ChargeMonitorOptions> options, Database database)
{
    public string Id { get; } = options.Value.InstanceId is { Length: > 0 } id ? id : DefaultId();

    public bool Shared { get; } = database.IsPostgres;

    private static string DefaultId()
    {
        var host = new string(Environment.MachineName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-').Take(48).ToArray());
        return $"{(host.Length > 0 ? host : "instance")}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
    }
}
