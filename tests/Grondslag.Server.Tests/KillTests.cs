using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Grondslag.Storage;
using Grondslag.Storage.Cases;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests;

/// <summary>The real server process, killed in the middle of an approval: no half-recorded decision survives.</summary>
public sealed partial class KillTests
{
    [Fact]
    public async Task KilledDuringApproval_AfterRestart_NoDecisionWithoutAuditOrAuditWithoutDecision()
    {
        var directory = Path.Combine(Path.GetTempPath(), "grondslag-kill-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var storage = StorageOptions.SqliteFile(directory);
        try
        {
            string adminPassword;
            string caseId, shareId, bobPassword;
            using (var first = await ServerProcess.StartAsync(storage, commitDelayMs: 120_000))
            {
                adminPassword = first.OneTimePassword ?? throw new InvalidOperationException("The first run printed no one-time password.\n" + first.Output);
                using var admin = await first.SignInAsync("admin", adminPassword, "Kite-harbour-lantern-2024");
                // The first administrator appoints a second alone; case roles then need the second's approval.
                var second = await admin.PostAsJsonAsync("/api/admin/accounts", new { userName = "admin2", roles = new[] { "administrator" } }).ExpectAsync(HttpStatusCode.Created);
                using var admin2 = await first.SignInAsync("admin2", second["oneTimePassword"]!.GetValue<string>(), "Copper-meadow-violin-2024");
                var alice = await admin.CreateApprovedAccountAsync(admin2, "alice", ["analyst"]);
                var bob = await admin.CreateApprovedAccountAsync(admin2, "bob", ["duty-officer"]);
                // A one-time password signs in once, replaced in the same request by the person's own.
                bobPassword = "Granite-otter-sunrise-2024";
                using (await first.SignInAsync("bob", bob["oneTimePassword"]!.GetValue<string>(), bobPassword))
                {
                }

                using var analyst = await first.SignInAsync("alice", alice["oneTimePassword"]!.GetValue<string>(), "Maple-canal-drizzle-2024");
                caseId = (await analyst.PostAsJsonAsync("/api/cases", new { title = "kill", source = "MIVD" }).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
                await analyst.PostTextAsync($"/api/cases/{caseId}/imports", "2.2.2.2\n5.5.5.5\n"u8.ToArray()).ExpectAsync(HttpStatusCode.Created);
                var assessed = await analyst.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { date = "2024-06-10" }).ExpectAsync(HttpStatusCode.Created);
                shareId = assessed["shares"]!.AsArray().First(s => s!["assessment"]!["verdict"]!.GetValue<string>() == "permitted")!["id"]!.GetValue<string>();

                using var officer = await first.SignInAsync("bob", bobPassword);
                var approval = officer.PostAsJsonAsync($"/api/cases/{caseId}/shares/{shareId}/decision", new { outcome = "approve", motivation = "EU CSIRT" });
                await first.WaitForOutputAsync("decision written, holding before commit", TimeSpan.FromSeconds(60));
                first.Kill();
                await Assert.ThrowsAnyAsync<Exception>(() => approval);
            }

            await using (var db = GrondslagDatabase.Create(storage))
            {
                Assert.Equal(0, await db.Set<DecisionRow>().CountAsync());
                Assert.Equal(0, await db.Set<Grondslag.Storage.Audit.AuditEntry>().CountAsync(a => a.Action == "share.decide"));
                Assert.Equal("assessed", (await db.Set<ShareRow>().SingleAsync(s => s.Id == shareId)).State);
            }

            using (var second = await ServerProcess.StartAsync(storage, commitDelayMs: 0))
            {
                Assert.Null(second.OneTimePassword);
                using var officer = await second.SignInAsync("bob", bobPassword);
                await officer.PostAsJsonAsync($"/api/cases/{caseId}/shares/{shareId}/decision", new { outcome = "approve", motivation = "EU CSIRT" }).ExpectAsync(HttpStatusCode.OK);
            }

            await using (var db = GrondslagDatabase.Create(storage))
            {
                Assert.Equal(1, await db.Set<DecisionRow>().CountAsync());
                Assert.Equal(1, await db.Set<Grondslag.Storage.Audit.AuditEntry>().CountAsync(a => a.Action == "share.decide"));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary><c>dotnet Grondslag.Server.dll</c> on a free loopback port, its output captured (also used by the TAXII conformance run).</summary>
    internal sealed partial class ServerProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly Uri _base;

        private ServerProcess(Process process, Uri baseAddress)
        {
            _process = process;
            _base = baseAddress;
        }

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

        public Uri BaseAddress => _base;

        public string? OneTimePassword => PasswordLine().Match(Output) is { Success: true } m ? m.Groups[1].Value : null;

        public static Task<ServerProcess> StartAsync(StorageOptions storage, int commitDelayMs, IReadOnlyDictionary<string, string>? environment = null) =>
            StartAsync(new Dictionary<string, string>((environment ?? new Dictionary<string, string>()).Concat(new Dictionary<string, string>
            {
                ["Grondslag__Database__Provider"] = "sqlite",
                ["Grondslag__Database__ConnectionString"] = storage.ConnectionString,
                // The home (audit key, witness) beside the test's database, never the user's ~/.local/share/grondslag.
                ["GRONDSLAG_HOME"] = Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(storage.ConnectionString).DataSource)!,
                ["Grondslag__Testing__CommitDelayMs"] = commitDelayMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }.Where(e => environment is null || !environment.ContainsKey(e.Key)))));

        /// <summary>The built server with the given environment (database, home, …) on a free loopback port.</summary>
        public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
        {
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = testBin.Parent!.Name;
            var dll = Path.Combine(TestServerHost.Root, "src", "Grondslag.Server", "bin", configuration, testBin.Name, "Grondslag.Server.dll");
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }

            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(dll)! };
            start.ArgumentList.Add(dll);
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["Grondslag__Data__Directory"] = TestServerHost.DataDirectory;
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            var process = Process.Start(start)!;
            var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
            process.OutputDataReceived += (_, e) => server.Append(e.Data);
            process.ErrorDataReceived += (_, e) => server.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var http = new HttpClient { BaseAddress = server._base };
            // Two cores shared by many builds and servers: a cold start can take well over a minute.
            var until = DateTime.UtcNow.AddSeconds(180);
            while (true)
            {
                try
                {
                    using var probe = await http.GetAsync("/openapi/v1.json");
                    if (probe.StatusCode == HttpStatusCode.OK)
                    {
                        return server;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet; the check below stops the process (and says why) when it will not start.
                }

                if (DateTime.UtcNow >= until || process.HasExited)
                {
                    server.Dispose();
                    throw new InvalidOperationException("The server did not start:\n" + server.Output);
                }

                await Task.Delay(200);
            }
        }

        public async Task<HttpClient> SignInAsync(string userName, string password, string? newPassword = null)
        {
            var client = new HttpClient { BaseAddress = _base, Timeout = TimeSpan.FromMinutes(3) };
            var token = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password, newPassword }).ExpectAsync(HttpStatusCode.OK);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token["accessToken"]!.GetValue<string>());
            return client;
        }

        public async Task WaitForOutputAsync(string text, TimeSpan timeout)
        {
            var until = DateTime.UtcNow + timeout;
            while (!Output.Contains(text, StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < until, $"The server never printed '{text}':\n{Output}");
                await Task.Delay(50);
            }
        }

        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                Kill();
            }

            _process.Dispose();
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
}
