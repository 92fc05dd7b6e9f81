namespace PolicyRules.Output;

/// <summary>The temporary files a bulk run spills to while it works (a ranking's rows, a sorted pool's runs).</summary>
internal static class SpillFiles
{
    /// <summary>
    /// A new temporary file beside the output (the disk that will hold the results anyway), or in the
    /// temporary folder for standard output; hidden (a leading dot), named for <paramref name="purpose"/>,
    /// and deleted when closed.
    /// </summary>
    public static FileStream OpenBeside(string? outputPath, int bufferSize, string purpose)
    {
        var directory = outputPath is null ? Path.GetTempPath() : Path.GetDirectoryName(Path.GetFullPath(outputPath)) ?? ".";
        var name = outputPath is null ? "policyrules" : Path.GetFileName(outputPath);
        var path = Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.{purpose}");
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize, FileOptions.DeleteOnClose);
    }
}
