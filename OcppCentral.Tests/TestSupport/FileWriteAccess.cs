using System.Diagnostics;

namespace OcppCentral.Tests.TestSupport;

/// <summary>
/// Makes a file or folder unwritable as an operator would, and writable again. For an ordinary user that is chmod;
/// root passes every permission check, so as root (the tests' usual user in containers) it is the immutable attribute
/// (chattr +i), which refuses writes even to root.
/// </summary>
public static class FileWriteAccess
{
    public static async Task SetWritableAsync(string path, bool writable, CancellationToken ct)
    {
        if (Environment.IsPrivilegedProcess)
        {
            using var chattr = Process.Start("chattr", [writable ? "-i" : "+i", path]);
            await chattr.WaitForExitAsync(ct);
            Assert.That(chattr.ExitCode, Is.Zero, $"chattr {(writable ? "-i" : "+i")} {path} failed");
        }
        else if (!OperatingSystem.IsWindows())
        {
            var read = Directory.Exists(path) ? UnixFileMode.UserRead | UnixFileMode.UserExecute : UnixFileMode.UserRead;
            File.SetUnixFileMode(path, writable ? read | UnixFileMode.UserWrite : read);
        }
    }
}
