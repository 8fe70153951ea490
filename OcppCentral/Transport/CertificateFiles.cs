using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OcppCentral.Transport;

/// <summary>Reads the certificate files of docs/tls.md: a server certificate (PKCS#12, or PEM with its key) and a PEM CA bundle.</summary>
public static class CertificateFiles
{
    /// <summary>
    /// The server certificate with its private key: a PEM file (the key in <paramref name="keyPath"/> or in the same
    /// file; <paramref name="password"/> for an encrypted key) or else a PKCS#12 file (.pfx/.p12) with its password.
    /// </summary>
    /// <exception cref="CryptographicException">The file cannot be read as a certificate with a private key.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static X509Certificate2 LoadServerCertificate(string certificatePath, string? keyPath, string? password)
    {
        X509Certificate2 certificate;
        if (IsPem(certificatePath))
        {
            certificate = password is null
                ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, keyPath);
        }
        else
        {
            if (keyPath is not null)
                throw new CryptographicException("a PKCS#12 file holds its own key; --tls-key is for a PEM certificate");
            certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password);
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new CryptographicException("the certificate comes without its private key");
        }
        return certificate;
    }

    /// <summary>Every certificate of a PEM bundle, split into self-signed roots (trust anchors) and the rest (intermediates).</summary>
    /// <exception cref="CryptographicException">The file holds no certificate, or a block that is not one.</exception>
    public static CaBundle LoadCaBundle(string path)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(path);
        if (all.Count == 0)
            throw new CryptographicException("the file holds no PEM certificate");
        var roots = new X509Certificate2Collection();
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in all)
            (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) ? roots : intermediates).Add(certificate);
        if (roots.Count == 0)
            throw new CryptographicException("the bundle holds no root (self-signed) CA certificate");
        return new CaBundle(roots, intermediates);
    }

    private static bool IsPem(string path)
    {
        using var file = File.OpenRead(path);
        var start = new byte[Math.Min(file.Length, 64 * 1024)];
        file.ReadExactly(start);
        return start.AsSpan().IndexOf("-----BEGIN "u8) >= 0;
    }
}

/// <summary>A client CA bundle: the roots chargers' certificates must lead to, and the intermediates that may lie between.</summary>
public sealed record CaBundle(X509Certificate2Collection Roots, X509Certificate2Collection Intermediates);

/// <summary>
/// A value read from files and read again when one of them changes (last-write time or length), checked at each use:
/// a certificate replaced on disk serves the next handshake without a restart. A file that cannot be read (being
/// written, say) keeps the previous value in use, with one warning, and is tried again at the next use.
/// </summary>
public sealed class ReloadingFiles<T>(string what, IReadOnlyList<string> paths, Func<T> load, ILogger logger) where T : class
{
    private readonly Lock _gate = new();
    private volatile Snapshot? _current;
    private string? _failedStamp;

    private sealed record Snapshot(string Stamp, T Value);

    /// <exception cref="CryptographicException">The first read failed.</exception>
    /// <exception cref="IOException">The first read failed.</exception>
    public T Current()
    {
        var stamp = Stamp();
        var current = _current;
        if (current is not null && current.Stamp == stamp)
            return current.Value;
        lock (_gate)
        {
            current = _current;
            if (current is not null && current.Stamp == stamp)
                return current.Value;
            try
            {
                var value = load();
                _current = new Snapshot(stamp, value);
                if (current is not null)
                    logger.LogInformation("Reloaded the {What} from {Path}", what, paths[0]);
                return value;
            }
            catch (Exception ex) when (current is not null && ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                if (_failedStamp != stamp)
                    logger.LogWarning("Could not reload the {What} from {Path} ({Reason}); the previous one stays in use", what, paths[0], ex.Message);
                _failedStamp = stamp;
                return current.Value;
            }
        }
    }

    private string Stamp()
    {
        var stamp = new StringBuilder();
        foreach (var path in paths)
        {
            var file = new FileInfo(path);
            stamp.Append(file.Exists ? $"{file.LastWriteTimeUtc.Ticks}:{file.Length};" : "missing;");
        }
        return stamp.ToString();
    }
}
