using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;

namespace OcppCentral.Storage;

/// <summary>
/// Notices the faults SQLite does not report while the server holds its database open (docs/operations.md, Database
/// faults): the file deleted or replaced under the server (SQLite goes on writing into the unlinked file, and every
/// acknowledgement is lost at the next start), and the file, its <c>-wal</c> or <c>-shm</c> or its folder made
/// unwritable (SQLite's wal-index is a shared memory map of <c>-shm</c>, and touching it on a file that can no longer
/// be written can end the process with SIGBUS, without a word). The storage writer asks before each batch and again
/// after committing it, so nothing is acknowledged while a fault is known: one stat and four access calls per batch,
/// not per message. The first time a fault is seen, and when it clears, one line is logged. On PostgreSQL there is no
/// file to watch (the guard is made without a path): only the writer's commits are remembered, and a lost connection
/// shows as a failed commit (docs/postgresql.md).
/// </summary>
public sealed class DatabaseGuard
{
    private readonly string? _path;
    private readonly string _directory;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private FileIdentity? _identity;
    private string? _fault;
    private string? _commitFailure;

    /// <param name="path">The SQLite file; null for a database that is not a file (PostgreSQL).</param>
    public DatabaseGuard(string? path, ILogger? logger = null)
    {
        _path = path;
        _directory = path is not null && Path.GetDirectoryName(path) is { Length: > 0 } directory ? directory : ".";
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Why the database cannot be written now, as last checked; null when it can.</summary>
    public string? Fault
    {
        get
        {
            lock (_lock)
                return _fault;
        }
    }

    /// <summary>Why the storage writer's last batch failed (a full disk, say); null once a batch commits.</summary>
    public string? CommitFailure
    {
        get
        {
            lock (_lock)
                return _commitFailure;
        }
    }

    /// <summary>Records which file the path names now: from then on the path must keep naming it. Only the first call counts.</summary>
    public void Arm()
    {
        if (_path is null)
            return;
        lock (_lock)
            _identity ??= FileIdentity.Of(_path, out _);
    }

    /// <summary>Checks that the path still names the file the server opened and that it can be written.</summary>
    /// <returns>The fault as an exception to fail writes with, or null when the database can be written.</returns>
    public DatabaseFaultException? Check() => _path is null ? null : Report(IdentityProblem() ?? WriteProblem());

    /// <summary>Checks only that the path still names the file the server opened (after a commit: was it kept?).</summary>
    public DatabaseFaultException? CheckIdentity() => _path is not null && IdentityProblem() is { } problem ? Report(problem) : null;

    /// <summary>The storage writer tells how its last batch ended, so readiness knows whether it commits.</summary>
    public void ReportCommit(Exception? failure)
    {
        lock (_lock)
            _commitFailure = failure?.Message;
    }

    private DatabaseFaultException? Report(string? problem)
    {
        string? was;
        lock (_lock)
        {
            was = _fault;
            _fault = problem;
        }
        if (problem is not null && problem != was)
            _logger.LogCritical("The database {Path} can no longer be written: {Reason}. Transaction messages are refused with " +
                                "InternalError and /health/ready answers 503 until it can", _path, problem);
        else if (problem is null && was is not null)
            _logger.LogWarning("The database {Path} can be written again; transaction messages are stored again", _path);
        return problem is null ? null : new DatabaseFaultException(problem);
    }

    private string? IdentityProblem()
    {
        FileIdentity? armed;
        lock (_lock)
            armed = _identity;
        if (armed is not { } expected)
            return null;
        var now = FileIdentity.Of(_path!, out var errno);
        if (now is { } actual)
            return actual == expected ? null
                : $"the path now names another file ({actual}) than the one the server opened ({expected}); " +
                  "what is written goes to the old file, so nothing more is stored: restart the server";
        if (errno == ENOENT)
            return $"the file was deleted ({expected}); what is written goes to the unlinked file and would be lost at " +
                   "the next start, so nothing more is stored: restore the file or restart the server";
        // Not knowing is not a fault of the file (a stat that is not supported here, say).
        return null;
    }

    private string? WriteProblem()
    {
        if (OperatingSystem.IsWindows())
            return File.Exists(_path) && File.GetAttributes(_path).HasFlag(FileAttributes.ReadOnly) ? "the file is read-only" : null;
        foreach (var (path, what, mayBeAbsent) in new[]
                 {
                     (_path!, "the file", false), (_path + "-wal", "its -wal file", true), (_path + "-shm", "its -shm file", true),
                     (_directory, "its folder", false),
                 })
        {
            try
            {
                if (Access(path, WriteOk) == 0)
                    continue;
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                return null; // A C library without access(2): not knowing is not a fault of the file.
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno == ENOENT && mayBeAbsent)
                continue;
            return $"{what} {path} is not writable ({Marshal.GetPInvokeErrorMessage(errno)})";
        }
        return null;
    }

    private const int ENOENT = 2;
    private const int WriteOk = 2;

    [DllImport("libc", EntryPoint = "access", SetLastError = true)]
    private static extern int Access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);

    /// <summary>Device and inode: which file a path names.</summary>
    private readonly record struct FileIdentity(ulong DeviceMajor, ulong DeviceMinor, ulong Inode)
    {
        private const int AtCurrentDirectory = -100;
        private const uint StatxInode = 0x100;

        /// <returns>The identity, or null with the errno (ENOENT when nothing is at the path; 0 when not known here).</returns>
        public static FileIdentity? Of(string path, out int errno)
        {
            errno = 0;
            if (OperatingSystem.IsLinux())
            {
                // statx(2): its struct has the same layout on every Linux architecture, unlike stat's.
                var buffer = new byte[256];
                try
                {
                    if (StatX(AtCurrentDirectory, path, 0, StatxInode, buffer) != 0)
                    {
                        errno = Marshal.GetLastPInvokeError();
                        return null;
                    }
                }
                catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
                {
                    return null;
                }
                return new FileIdentity(BitConverter.ToUInt32(buffer, 136), BitConverter.ToUInt32(buffer, 140), BitConverter.ToUInt64(buffer, 32));
            }
            // Elsewhere only a deletion is noticed (a file at the path is taken to be the same one).
            if (File.Exists(path))
                return new FileIdentity(0, 0, 0);
            errno = ENOENT;
            return null;
        }

        public override string ToString() => $"device {DeviceMajor}:{DeviceMinor} inode {Inode}";

        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        private static extern int StatX(int directoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
    }
}

/// <summary>The database cannot be written now (see <see cref="DatabaseGuard"/>); a transaction message is refused with InternalError.</summary>
public sealed class DatabaseFaultException(string reason) : IOException($"The database cannot be written: {reason}");
