using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PolicyRules.Output;

/// <summary>
/// What a path names, independent of how it is spelled: the device and inode of an existing file
/// (through any symbolic or hard link), or, for a file that does not exist yet, its folder's identity
/// and its name. Two paths with equal identities are the same file.
/// </summary>
internal static partial class FileIdentity
{
    /// <summary>The identity of <paramref name="path"/>, existing or not.</summary>
    public static string Of(string path)
    {
        var full = Path.GetFullPath(path);
        if (OfExisting(full) is { } existing)
        {
            return existing;
        }

        // Not there yet: the same new file is the same name in the same folder, however the folder is reached.
        var parent = Path.GetDirectoryName(full);
        var name = Path.GetFileName(full);
        if (OperatingSystem.IsWindows() || OperatingSystem.IsMacOS())
        {
            name = name.ToUpperInvariant(); // their default file systems ignore case
        }

        return parent is null ? "new:" + full : Of(parent) + "/" + name;
    }

    /// <summary>Device and inode (Unix) or volume and file index (Windows); null when nothing exists at the path.</summary>
    private static string? OfExisting(string full)
    {
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            // A dangling link or nothing: identify it by its final target's name.
            var link = new FileInfo(full);
            if (link.LinkTarget is null)
            {
                return null;
            }

            return link.ResolveLinkTarget(returnFinalTarget: true) is { } target && target.FullName != full ? "link:" + Of(target.FullName) : null;
        }

        if (OperatingSystem.IsWindows())
        {
            return Windows(full);
        }

        return Unix(full) ?? "path:" + (new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full);
    }

    private static string? Unix(string full)
    {
        // struct stat begins with st_dev and st_ino on 64-bit Linux (both 8 bytes) and on macOS
        // (a 4-byte st_dev, then mode and nlink, st_ino at 8); other layouts fall back to the path.
        if (!Environment.Is64BitProcess || !(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
        {
            return null;
        }

        var buffer = new byte[512];
        int result;
        try
        {
            result = OperatingSystem.IsMacOS() && RuntimeInformation.ProcessArchitecture == Architecture.X64
                ? NativeMethods.StatInode64(full, buffer)
                : NativeMethods.Stat(full, buffer);
        }
        catch (EntryPointNotFoundException)
        {
            // glibc before 2.33 exports stat only as __xstat.
            result = NativeMethods.XStat(RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 1 : 0, full, buffer);
        }

        if (result != 0)
        {
            return null;
        }

        var device = OperatingSystem.IsMacOS() ? BitConverter.ToUInt32(buffer, 0) : BitConverter.ToUInt64(buffer, 0);
        return $"unix:{device}:{BitConverter.ToUInt64(buffer, 8)}";
    }

    private static string? Windows(string full)
    {
        try
        {
            // Directories need FILE_FLAG_BACKUP_SEMANTICS, which File.OpenHandle does not give: identify them by path.
            if (Directory.Exists(full))
            {
                return "path:" + full.ToUpperInvariant();
            }

            using var handle = File.OpenHandle(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (!NativeMethods.GetFileInformationByHandle(handle, out var info))
            {
                return null;
            }

            return $"win:{info.VolumeSerialNumber}:{((ulong)info.FileIndexHigh << 32) | info.FileIndexLow}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [StructLayout(LayoutKind.Sequential, Pack = 4)] // FILETIMEs are two DWORDs, 4-aligned
    private struct ByHandleFileInformation
    {
        public uint FileAttributes;
        public ulong CreationTime;
        public ulong LastAccessTime;
        public ulong LastWriteTime;
        public uint VolumeSerialNumber;
        public uint FileSizeHigh;
        public uint FileSizeLow;
        public uint NumberOfLinks;
        public uint FileIndexHigh;
        public uint FileIndexLow;
    }

    private static partial class NativeMethods
    {
        [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
        public static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

        [DllImport("libc", EntryPoint = "stat$INODE64", SetLastError = true)]
        public static extern int StatInode64([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

        [DllImport("libc", EntryPoint = "__xstat", SetLastError = true)]
        public static extern int XStat(int version, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

        [DllImport("kernel32", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        public static extern bool GetFileInformationByHandle(SafeFileHandle file, out ByHandleFileInformation information);
    }
}
