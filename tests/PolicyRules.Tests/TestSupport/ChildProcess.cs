using System.Diagnostics;

namespace PolicyRules.Tests.TestSupport;

/// <summary>
/// Runs a program with its standard streams captured, within a time limit that covers the reading too.
/// </summary>
/// <remarks>
/// Reading a child's output to its end waits for every process that holds the pipe, not for the child:
/// a build server <c>dotnet build</c> leaves behind, a browser's crash handler or a database daemon
/// keeps it open after the child has exited, and a test that read to the end would wait for them
/// forever. Here the output is whatever the pipes gave by the time the child exited and a short grace
/// after it; a child that does not exit in time is killed with its process tree and the test fails.
/// </remarks>
internal static class ChildProcess
{
    /// <summary>How long the output may stay open after the child has exited.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="start"/> (its streams redirected here), writing <paramref name="stdin"/> to it when given.</summary>
    public static (int Exit, byte[] Stdout, string Stderr) Run(ProcessStartInfo start, TimeSpan timeout, byte[]? stdin = null)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true; // closed at once when nothing is given: a child never waits on the test host's input
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        var stdout = new Pump(process.StandardOutput.BaseStream);
        var stderr = new Pump(process.StandardError.BaseStream);
        try
        {
            if (stdin is not null)
            {
                process.StandardInput.BaseStream.Write(stdin);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child exited without reading all of it: its exit code and output say why.
        }

        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{start.FileName} {string.Join(' ', start.ArgumentList.Count > 0 ? start.ArgumentList : [start.Arguments])} did not finish in {timeout}; killed. Output so far:\n{stdout.Text}{stderr.Text}");
        }

        var deadline = Stopwatch.StartNew();
        stdout.Wait(Grace);
        stderr.Wait(Grace - deadline.Elapsed);
        return (process.ExitCode, stdout.Bytes, stderr.Text);
    }

    /// <summary>Copies a stream into memory on its own task; what was copied can be taken at any time.</summary>
    private sealed class Pump
    {
        private readonly System.Buffers.ArrayBufferWriter<byte> _bytes = new();
        private readonly Task _copying;

        public Pump(Stream source) => _copying = Task.Run(async () =>
        {
            var buffer = new byte[81_920];
            int read;
            while ((read = await source.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (_bytes)
                {
                    System.Buffers.BuffersExtensions.Write(_bytes, buffer.AsSpan(0, read));
                }
            }
        });

        public byte[] Bytes
        {
            get
            {
                lock (_bytes)
                {
                    return _bytes.WrittenSpan.ToArray();
                }
            }
        }

        public string Text => System.Text.Encoding.UTF8.GetString(Bytes);

        /// <summary>Waits for the end of the stream, at most <paramref name="limit"/>; a read that failed counts as ended.</summary>
        public void Wait(TimeSpan limit)
        {
            try
            {
                _copying.Wait(limit > TimeSpan.Zero ? limit : TimeSpan.Zero);
            }
            catch (AggregateException)
            {
                // The pipe broke: what was read is all there is.
            }
        }
    }
}
