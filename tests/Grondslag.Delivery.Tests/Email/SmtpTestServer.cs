using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Grondslag.Delivery.Tests.Email;

/// <summary>
/// A real SMTP server on loopback: aiosmtpd (Debian package <c>python3-aiosmtpd</c>, listed in
/// <c>.ci/packages.txt</c>) with its Maildir handler, so the test reads back exactly what was received.
/// </summary>
internal sealed class SmtpTestServer : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly Process _process;

    private SmtpTestServer(Process process, int port, string maildir)
    {
        _process = process;
        Port = port;
        Maildir = maildir;
    }

    public int Port { get; }

    public string Maildir { get; }

    /// <summary>A loopback port that nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static SmtpTestServer Start(int? port = null, string? maildir = null)
    {
        RequireAiosmtpd();
        var p = port ?? FreePort();
        var dir = maildir ?? Path.Combine(Path.GetTempPath(), "grondslag-maildir-" + Guid.NewGuid().ToString("N"));
        var info = new ProcessStartInfo(Python)
        {
            ArgumentList = { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{p}", "-c", "aiosmtpd.handlers.Mailbox", dir },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start aiosmtpd.");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, p);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                Thread.Sleep(100);
            }
        }

        if (process.HasExited)
        {
            throw new InvalidOperationException($"aiosmtpd exited at start: {process.StandardError.ReadToEnd()}");
        }

        return new SmtpTestServer(process, p, dir);
    }

    /// <summary>Every message received so far, as the server stored it.</summary>
    public IReadOnlyList<MimeMessage> Received()
    {
        var folder = Path.Combine(Maildir, "new");
        return Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f))]
            : [];
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private static void RequireAiosmtpd()
    {
        var missing = !File.Exists(Python);
        if (!missing)
        {
            using var check = Process.Start(new ProcessStartInfo(Python) { ArgumentList = { "-c", "import aiosmtpd" }, RedirectStandardError = true, UseShellExecute = false })!;
            check.WaitForExit(30000);
            missing = check.ExitCode != 0;
        }

        if (missing)
        {
            throw new InvalidOperationException(
                "The e-mail tests need a real SMTP server: install the Debian package python3-aiosmtpd (apt-get install python3-aiosmtpd; it is listed in .ci/packages.txt).");
        }
    }
}
