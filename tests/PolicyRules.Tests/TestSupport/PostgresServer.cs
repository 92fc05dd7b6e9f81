using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PolicyRules.Tests.TestSupport;

/// <summary>
/// A throw-away PostgreSQL server from Debian's packages (<c>/usr/lib/postgresql/N/bin</c>): a new
/// cluster in a temporary folder, listening on loopback at a free port, owned by an unprivileged user
/// when the tests run as root (the server refuses root). Stopped and deleted on dispose.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _directory;
    private readonly string _bin;
    private readonly string? _user;

    private PostgresServer(string directory, string bin, string? user, int port)
    {
        _directory = directory;
        _bin = bin;
        _user = user;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=30;Command Timeout=600";
    }

    /// <summary>Npgsql's connection string for the server's <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    /// <summary>True when the tests must not pass without a server (CI sets POLICYRULES_REQUIRE_POSTGRES=1).</summary>
    public static bool Required => Environment.GetEnvironmentVariable("POLICYRULES_REQUIRE_POSTGRES") == "1";

    /// <summary>Starts a server, or says why none can start here.</summary>
    public static PostgresServer? TryStart(out string whyNot)
    {
        var bin = Environment.GetEnvironmentVariable("POLICYRULES_POSTGRES_BIN") ?? FindBin();
        if (bin is null || !File.Exists(Path.Combine(bin, "pg_ctl")))
        {
            whyNot = "no PostgreSQL server binaries (apt-get install postgresql)";
            return null;
        }

        var directory = Directory.CreateTempSubdirectory("policyrules-pg-").FullName;
        string? user = null;
        if (Environment.UserName == "root")
        {
            user = Run("id", ["-u", "postgres"], null, out _) == 0 ? "postgres" : "nobody";
            Run("chown", [user, directory], null, out _);
        }

        var port = FreePort();
        var data = Path.Combine(directory, "data");
        var server = new PostgresServer(directory, bin, user, port);
        if (Run(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"], user, out var initOutput) != 0)
        {
            server.Dispose();
            whyNot = "initdb failed: " + initOutput;
            return null;
        }

        var options = $"-p {port} -h 127.0.0.1 -k {directory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        if (Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-o", options, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "start"], user, out var startOutput) != 0)
        {
            var log = File.Exists(Path.Combine(directory, "server.log")) ? File.ReadAllText(Path.Combine(directory, "server.log")) : "";
            server.Dispose();
            whyNot = "pg_ctl start failed: " + startOutput + log;
            return null;
        }

        whyNot = "";
        return server;
    }

    /// <summary>An open connection to the server.</summary>
    public NpgsqlConnection Connect()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        var data = Path.Combine(_directory, "data");
        if (File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            Run(Path.Combine(_bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], _user, out _);
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file the server still held: the temp folder is cleaned later.
        }
    }

    private static string? FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(Directory.Exists)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a program (as <paramref name="user"/> when given), waiting at most two minutes.</summary>
    private static int Run(string program, string[] arguments, string? user, out string output)
    {
        var start = new ProcessStartInfo(user is null ? program : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (user is not null)
        {
            foreach (var a in (string[])["-u", user, "--", program])
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var (exit, stdout, stderr) = ChildProcess.Run(start, TimeSpan.FromMinutes(2));
        output = System.Text.Encoding.UTF8.GetString(stdout) + stderr;
        return exit;
    }
}
