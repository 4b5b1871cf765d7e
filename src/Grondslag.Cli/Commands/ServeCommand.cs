using System.CommandLine;
using System.Diagnostics;
using Grondslag.Attribution.Data;

namespace Grondslag.Cli.Commands;

/// <summary>
/// <c>grondslag serve</c>: starts the published server (<c>Grondslag.Server</c>, installed beside the CLI in
/// <c>server/</c>) with the embedded default — SQLite, migrations, audit keys and the pinned address data, all in the
/// one home (<c>$GRONDSLAG_HOME</c>) the CLI uses too — from any folder. The CLI stays small: it starts the server as
/// a process instead of linking ASP.NET Core in.
/// </summary>
public static class ServeCommand
{
    public const string ServerDirectoryVariable = "GRONDSLAG_SERVER_DIR";

    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var home = new Option<string?>("--home") { Description = $"The home (database, keys, data); default ${GrondslagHome.EnvironmentVariable}, else ~/.local/share/grondslag." };
        var command = new Command("serve", "Start the Grondslag server (web UI, REST API, TAXII) with the embedded database in the home; Ctrl+C stops it.") { urls, home };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (FindServer() is not { } server)
            {
                Console.Error.WriteLine(
                    $"grondslag serve: the server is not installed beside the CLI ({Path.Combine(AppContext.BaseDirectory, "server")}). " +
                    $"Use ./grondslag from the checkout (it publishes the server on first 'serve'), or set {ServerDirectoryVariable} to a folder with a published Grondslag.Server.");
                return GlobalOptions.ExitBadInput;
            }

            var directory = GrondslagHome.Resolve(parse.GetValue(home));
            Directory.CreateDirectory(directory);
            var start = server.EndsWith(".dll", StringComparison.Ordinal) ? new ProcessStartInfo("dotnet") { ArgumentList = { server } } : new ProcessStartInfo(server);
            start.UseShellExecute = false;
            start.WorkingDirectory = Path.GetDirectoryName(server)!;
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(parse.GetValue(urls)!);
            start.Environment[GrondslagHome.EnvironmentVariable] = directory;
            start.Environment.TryAdd("ASPNETCORE_ENVIRONMENT", "Production");
            Console.Error.WriteLine($"grondslag serve: home {directory}; listening on {parse.GetValue(urls)}");
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {server}.");
            // Stopping 'serve' (Ctrl+C, kill) stops the server: it is asked to shut down, and killed if it has not in 10 s.
            void Stop()
            {
                if (process.HasExited)
                {
                    return;
                }

                if (!OperatingSystem.IsWindows())
                {
                    using var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false });
                    term?.WaitForExit();
                }

                if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
                {
                    process.Kill(entireProcessTree: true);
                }
            }

            using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, _ => Stop());
            using var onQuit = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGQUIT, _ => Stop());
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                return process.ExitCode == 0 ? GlobalOptions.ExitOk : GlobalOptions.ExitFailed;
            }
            catch (OperationCanceledException)
            {
                Stop();
                return GlobalOptions.ExitOk;
            }
        });
        return command;
    }

    /// <summary>$GRONDSLAG_SERVER_DIR, else server/ beside the CLI: the apphost if present, else the DLL.</summary>
    internal static string? FindServer()
    {
        var directory = Environment.GetEnvironmentVariable(ServerDirectoryVariable) is { Length: > 0 } d ? d : Path.Combine(AppContext.BaseDirectory, "server");
        var apphost = Path.Combine(directory, OperatingSystem.IsWindows() ? "Grondslag.Server.exe" : "Grondslag.Server");
        var dll = Path.Combine(directory, "Grondslag.Server.dll");
        return File.Exists(apphost) ? apphost : File.Exists(dll) ? dll : null;
    }
}
