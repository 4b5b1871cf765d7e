using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Grondslag.Storage;

namespace Grondslag.Load;

/// <summary>
/// The real server (<c>dotnet Grondslag.Server.dll</c>, Kestrel, Production) on a free loopback port, on the given
/// database; its output is kept, and its resident memory sampled so the peak can be reported.
/// </summary>
public sealed partial class ServerUnderLoad : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Timer _sampler;
    private long _peak;

    private ServerUnderLoad(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        _sampler = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The first administrator's one-time password, printed once by a server on an empty database.</summary>
    public string? OneTimePassword => PasswordLine().Match(Output) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The highest resident memory seen (VmHWM from /proc where there is one, else sampled working set).</summary>
    public long PeakBytes
    {
        get
        {
            Sample();
            return Interlocked.Read(ref _peak);
        }
    }

    public static async Task<ServerUnderLoad> StartAsync(string serverDll, StorageOptions storage, string home, string dataDirectory,
        IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(serverDll)! };
        start.ArgumentList.Add(serverDll);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Grondslag"] = "Information";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore.Antiforgery"] = "Error";
        start.Environment["Grondslag__Database__Provider"] = storage.Provider == DatabaseProvider.Sqlite ? "sqlite" : "postgresql";
        start.Environment["Grondslag__Database__ConnectionString"] = storage.ConnectionString;
        start.Environment["Grondslag__Data__Directory"] = dataDirectory;
        start.Environment["GRONDSLAG_HOME"] = home;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new ServerUnderLoad(process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        // Generous: on a shared, overloaded build machine the first start (migration check, address tables) can take minutes.
        var until = DateTime.UtcNow.AddSeconds(300);
        while (true)
        {
            try
            {
                using var probe = await http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (probe.StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet; checked below.
            }

            if (DateTime.UtcNow >= until || process.HasExited)
            {
                var output = server.Output;
                server.Dispose();
                throw new InvalidOperationException("The server did not start:\n" + output);
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _sampler.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Sample()
    {
        try
        {
            long bytes;
            var status = $"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/status";
            if (File.Exists(status) && File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) is { } line)
            {
                bytes = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
            else
            {
                _process.Refresh();
                bytes = _process.HasExited ? 0 : _process.WorkingSet64;
            }

            long seen;
            while (bytes > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, bytes, seen) != seen)
            {
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or FormatException or UnauthorizedAccessException)
        {
            // The process ended between the check and the read: the peak seen so far stands.
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    [GeneratedRegex("one-time password: (\\S+)")]
    private static partial Regex PasswordLine();
}
