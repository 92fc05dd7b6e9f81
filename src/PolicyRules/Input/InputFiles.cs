using PolicyRules.Model;

namespace PolicyRules.Input;

/// <summary>
/// Why a path named as a file to read is not one — it is a folder, or nothing is there — in English
/// and Chinese: the runtime says "Access to the path is denied" of a folder, in English only.
/// </summary>
internal static class InputFiles
{
    /// <summary>The reason <paramref name="path"/> cannot be read as a file, or null when it is a file.</summary>
    public static (string En, string Zh)? NotAFile(string path) =>
        File.Exists(path) ? null
        : Directory.Exists(path) ? ("it is a folder, not a file: name a file in it", "这是文件夹而不是文件：请指定其中的一个文件")
        : ("the file does not exist", "文件不存在");

    /// <summary>
    /// Why <paramref name="path"/> could not be read (<paramref name="ex"/>), in both languages: folder and
    /// missing file in each language's words, anything else the runtime's words quoted (<see cref="ForeignMessage"/>).
    /// </summary>
    public static (string En, string Zh) WhyUnreadable(string path, Exception ex) => NotAFile(path) ?? ForeignMessage.Quoted(ex);

    /// <summary>How long opening a file whose length reads 0 may take before it is refused (<see cref="OpenToRead"/>).</summary>
    public static readonly TimeSpan OpenWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <paramref name="path"/> opened to read; null when it did not open within <see cref="OpenWait"/>. A file whose
    /// length reads 0 may be a pipe (a FIFO among the rule files) that the system holds in its open until something
    /// writes to it: such a file is opened on another thread, and one still waiting is left to the system (closed
    /// if a writer ever comes) instead of a run that never ends. A pipe something writes to (a shell's &lt;(…)) opens at once.
    /// </summary>
    public static FileStream? OpenToRead(string path, int bufferSize, FileOptions options)
    {
        FileStream Open() => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, options);
        if (OperatingSystem.IsWindows() || new FileInfo(path) is not { Exists: true, Length: 0 })
        {
            return Open();
        }

        // On a thread of its own: on the thread pool, a busy pool (an application's, a test run's) could hold
        // the open back past the wait and an ordinary empty file would be refused as a silent pipe.
        var opening = Task.Factory.StartNew(Open, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        bool opened;
        try
        {
            opened = opening.Wait(OpenWait);
        }
        catch (AggregateException)
        {
            opened = true; // it failed: the runtime's own exception is thrown below
        }

        if (!opened)
        {
            _ = opening.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            return null;
        }

        return opening.GetAwaiter().GetResult();
    }
}
