using System.Runtime.InteropServices;

namespace OcppCentral.Storage;

/// <summary>
/// Asks Linux to favour the storage writer's thread. Every acknowledged transaction message passes through that one
/// thread, so when the machine is saturated it is the bottleneck, and at normal priority the kernel shares the cores
/// evenly between it and the many threads that parse and answer messages: measured with 10,000 chargers on 2 cores,
/// it was off the CPU two thirds of the time with a full batch waiting. At nice -10 it gets the cores when it has
/// work, the parsing threads when it has none. .NET's <see cref="Thread.Priority"/> does nothing on Linux, hence
/// setpriority(2).
/// </summary>
/// <remarks>
/// Raising a priority needs CAP_SYS_NICE (root, <c>AmbientCapabilities=CAP_SYS_NICE</c> or <c>LimitNICE=</c> in a
/// systemd unit). Without it the writer keeps normal priority and everything works as before, only with less
/// throughput under saturation; <see cref="StorageWriter"/> logs which it is. A thread starts at its creator's
/// priority, so the writer steps down to normal whenever it may start one (see StorageWriter.CompleteAll).
/// </remarks>
internal static class WriterPriority
{
    /// <summary>The nice value asked for: above every normal thread, well short of the most a root may give.</summary>
    public const int Nice = -10;

    private const int PrioProcess = 0;

    /// <summary>Raises the calling thread's priority.</summary>
    /// <returns>Null when raised; otherwise why not, in a few words for the log.</returns>
    public static string? TryRaiseCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
            return "thread priorities are only raised on Linux";
        try
        {
            // On Linux a thread id is a process id to setpriority: PRIO_PROCESS with it changes that one thread.
            if (SetPriority(PrioProcess, GetThreadId(), Nice) == 0)
                return null;
            var errno = Marshal.GetLastPInvokeError();
            return errno is 1 or 13 // EPERM, EACCES
                ? "raising it needs CAP_SYS_NICE"
                : $"setpriority failed with errno {errno}";
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return "this C library has no gettid or setpriority";
        }
    }

    /// <summary>Back to nice 0, which any thread may do. Only called on a thread that was raised, so on Linux.</summary>
    public static void ResetCurrentThread()
    {
        if (OperatingSystem.IsLinux())
            SetPriority(PrioProcess, GetThreadId(), 0);
    }

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();
}
