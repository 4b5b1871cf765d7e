using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grondslag.Storage;
using MimeKit;

namespace Grondslag.Server.Tests;

/// <summary>
/// The issue's acceptance with real third-party clients against a real server process (the built server started as
/// a child process, stopped at the end): gpg makes the keys as the README says, the parties' key is imported through
/// the API and approved by a second administrator, the server sends the share over real SMTP on loopback (aiosmtpd) and
/// gpg decrypts it and verifies its signature with the key the server publishes; the OASIS TAXII client pulls, the share
/// is withdrawn, and it pulls again (the addresses are gone, the revocation record is there); and the independent
/// signed-note verifier in ../shared checks the server's checkpoint with the published verifier key.
/// </summary>
public sealed partial class RealClientsTests
{
    private const string Python = "/usr/bin/python3";
    private const string Passphrase = "server-key-passphrase";

    [Fact]
    public async Task RealServerProcess_GpgMailOasisWithdrawalWalkAndIndependentCheckpointVerifier_AllHold()
    {
        var work = Directory.CreateTempSubdirectory("grondslag-real-clients-").FullName;
        var gpgServer = Path.Combine(work, "gnupg-server");
        var gpgRecipient = Path.Combine(work, "gnupg-cert-fr");
        var keyring = Path.Combine(work, "keyring");
        var maildir = Path.Combine(work, "maildir");
        Process? smtp = null;
        try
        {
            foreach (var d in new[] { gpgServer, gpgRecipient, keyring })
            {
                Directory.CreateDirectory(d);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            // The server's signing key and CERT-FR's key pair, made with gpg as the README describes.
            Gpg(gpgServer, "--batch", "--passphrase", Passphrase, "--pinentry-mode", "loopback", "--quick-gen-key", "NCSC-NL Grondslag <grondslag@ncsc.example>", "ed25519", "sign", "2y");
            File.WriteAllBytes(Path.Combine(keyring, "secring.gpg"), GpgBytes(gpgServer, "--batch", "--passphrase", Passphrase, "--pinentry-mode", "loopback", "--export-secret-keys", "grondslag@ncsc.example"));
            var signing = FingerprintLine().Match(Gpg(gpgServer, "--with-colons", "--list-secret-keys", "grondslag@ncsc.example")).Groups[1].Value;
            Gpg(gpgRecipient, "--batch", "--passphrase", "", "--pinentry-mode", "loopback", "--quick-gen-key", "CERT-FR <cert-fr@contacts.example>", "future-default", "default", "2y");
            var recipientKey = Gpg(gpgRecipient, "--armor", "--export", "cert-fr@contacts.example");

            var smtpPort = FreePort();
            smtp = StartSmtp(smtpPort, maildir);
            var storage = StorageOptions.SqliteFile(work);
            using var server = await KillTests.ServerProcess.StartAsync(storage, commitDelayMs: 0, new Dictionary<string, string>
            {
                ["Grondslag__Delivery__Keyring__Directory"] = keyring,
                ["Grondslag__Delivery__Keyring__Passphrase"] = Passphrase,
                ["Grondslag__Delivery__SigningKeyFingerprint"] = signing,
                ["Grondslag__Delivery__Sender__Email"] = "grondslag@ncsc.example",
                ["Grondslag__Delivery__Smtp__Host"] = "127.0.0.1",
                ["Grondslag__Delivery__Smtp__Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Grondslag__Delivery__Smtp__RequireTls"] = "false",
            });
            var adminPassword = server.OneTimePassword ?? throw new InvalidOperationException("The first run printed no one-time password.\n" + server.Output);
            using var admin = await server.SignInAsync("admin", adminPassword, "Kite-harbour-lantern-2024");
            var second = await admin.PostAsJsonAsync("/api/admin/accounts", new { userName = "admin2", roles = new[] { "administrator" } }).ExpectAsync(HttpStatusCode.Created);
            using var admin2 = await server.SignInAsync("admin2", second["oneTimePassword"]!.GetValue<string>(), "Copper-meadow-violin-2024");
            var alice = await admin.CreateApprovedAccountAsync(admin2, "alice", ["analyst"]);
            var bob = await admin.CreateApprovedAccountAsync(admin2, "bob", ["duty-officer"]);
            var audrey = await admin.CreateApprovedAccountAsync(admin2, "audrey", ["auditor"]);
            using var analyst = await server.SignInAsync("alice", alice["oneTimePassword"]!.GetValue<string>(), "Maple-canal-drizzle-2024");
            using var officer = await server.SignInAsync("bob", bob["oneTimePassword"]!.GetValue<string>(), "Granite-otter-sunrise-2024");
            using var auditor = await server.SignInAsync("audrey", audrey["oneTimePassword"]!.GetValue<string>(), "Willow-beacon-pebble-2024");

            // CERT-FR's key: imported through the API, in force after the second administrator approves.
            var import = await admin.PostAsJsonAsync("/api/admin/parties/keys", new { files = new[] { new { name = "cert-fr.asc", armoured = recipientKey } } })
                .ExpectAsync(HttpStatusCode.Accepted);
            Assert.Equal("proposed", import["keys"]![0]!["status"]!.GetValue<string>());
            await admin2.PostAsync(import["approve"]!.GetValue<string>(), null).ExpectAsync(HttpStatusCode.OK);

            var caseId = (await analyst.PostAsJsonAsync("/api/cases", new { title = "COATHANGER", source = "MIVD", tlp = "amber", purpose = "inform-victims" })
                .ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
            await analyst.PostTextAsync($"/api/cases/{caseId}/imports?fileName=coathanger-2024.txt",
                await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt"))).ExpectAsync(HttpStatusCode.Created);
            var assessed = await analyst.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { }).ExpectAsync(HttpStatusCode.Created);
            var shareId = assessed["shares"]!.AsArray().Single(s => s!["partyId"]!.GetValue<string>() == "cert-fr")!["id"]!.GetValue<string>();
            var decided = await officer.PostAsJsonAsync($"/api/cases/{caseId}/shares/{shareId}/decision", new { outcome = "approve", motivation = "Wbni art. 20(2): EU CSIRT" })
                .ExpectAsync(HttpStatusCode.OK);
            Assert.Empty(decided["keyWarnings"]!.AsArray());
            await analyst.PostAsync($"/api/cases/{caseId}/shares/{shareId}/release", null).ExpectAsync(HttpStatusCode.Created);

            // gpg: the mail arrived over SMTP, decrypts with CERT-FR's key and carries a good signature by the server's
            // published key.
            var mail = await WaitForMailAsync(maildir, TimeSpan.FromSeconds(90), server);
            Assert.Contains("cert-fr@contacts.example", mail.To.ToString(), StringComparison.Ordinal);
            using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
            var published = await anonymous.GetStringAsync(new Uri("/.well-known/grondslag/openpgp.asc", UriKind.Relative));
            GpgWithInput(gpgRecipient, published, "--batch", "--import");
            var encrypted = Path.Combine(work, "share.asc");
            var body = (Multipart)mail.Body!;
            await using (var file = File.Create(encrypted))
            {
                await ((MimePart)body[1]).Content!.DecodeToAsync(file);
            }

            var decrypted = Run("gpg", ["--homedir", gpgRecipient, "--batch", "--status-fd", "2", "--trust-model", "always", "--decrypt", encrypted]);
            Assert.True(decrypted.ExitCode == 0, decrypted.Error);
            Assert.Contains("[GNUPG:] DECRYPTION_OKAY", decrypted.Error, StringComparison.Ordinal);
            Assert.Contains("[GNUPG:] GOODSIG", decrypted.Error, StringComparison.Ordinal);
            Assert.Contains("[GNUPG:] VALIDSIG " + signing, decrypted.Error, StringComparison.Ordinal);
            Assert.Contains("multipart/mixed", decrypted.Output, StringComparison.OrdinalIgnoreCase);

            // The OASIS client walks a withdrawal: pull, withdraw, pull again.
            var credential = await admin.PostAsJsonAsync("/api/admin/taxii-clients", new { party = "cert-fr" }).ExpectAsync(HttpStatusCode.Created);
            var discovery = new Uri(server.BaseAddress, "/taxii2/");
            var secret = credential["secret"]!.GetValue<string>();
            var before = OasisPull(discovery, "cert-fr", secret);
            var addresses = before.Where(o => o["type"]!.GetValue<string>() is "ipv4-addr" or "ipv6-addr").Select(o => o["value"]!.GetValue<string>()).ToList();
            Assert.NotEmpty(addresses);
            Assert.DoesNotContain(before, o => o["revoked"]?.GetValue<bool>() == true);
            await officer.PostAsJsonAsync($"/api/cases/{caseId}/shares/{shareId}/withdraw", new { reason = "The originator withdrew consent." }).ExpectAsync(HttpStatusCode.OK);
            var after = OasisPull(discovery, "cert-fr", secret);
            var afterText = new JsonArray([.. after.Select(o => o.DeepClone())]).ToJsonString();
            Assert.All(addresses, a => Assert.DoesNotMatch(@"(?<![0-9A-Fa-f.:])" + Regex.Escape(a) + @"(?![0-9A-Fa-f.:])", afterText));
            var revocation = Assert.Single(after, o => o["type"]!.GetValue<string>() == "report");
            Assert.True(revocation["revoked"]!.GetValue<bool>());
            Assert.Contains("The originator withdrew consent.", revocation["description"]!.GetValue<string>(), StringComparison.Ordinal);

            // The independent verifier (../shared/tools/signed_note_verify.py) checks the server's latest checkpoint
            // with the verifier key the server publishes.
            var verifierKey = (await anonymous.GetStringAsync(new Uri("/.well-known/grondslag/audit-verifier-key", UriKind.Relative))).Trim();
            var checkpoint = await WaitForCheckpointAsync(auditor, TimeSpan.FromSeconds(90));
            var note = Path.Combine(work, "checkpoint.txt");
            await File.WriteAllTextAsync(note, checkpoint);
            var verified = Run(Python, [Path.GetFullPath(Path.Combine(TestServerHost.Root, "..", "shared", "tools", "signed_note_verify.py")), verifierKey, note]);
            Assert.True(verified.ExitCode == 0, verified.Error);
            Assert.Equal(checkpoint[..checkpoint.IndexOf("\n\n", StringComparison.Ordinal)] + "\n", verified.Output);
        }
        finally
        {
            if (smtp is { HasExited: false })
            {
                smtp.Kill(entireProcessTree: true);
                smtp.WaitForExit();
            }

            smtp?.Dispose();
            foreach (var home in new[] { gpgServer, gpgRecipient })
            {
                Run("gpgconf", ["--homedir", home, "--kill", "gpg-agent"]);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<MimeMessage> WaitForMailAsync(string maildir, TimeSpan timeout, KillTests.ServerProcess server)
    {
        var until = DateTime.UtcNow + timeout;
        var folder = Path.Combine(maildir, "new");
        while (true)
        {
            if (Directory.Exists(folder) && Directory.EnumerateFiles(folder).FirstOrDefault() is { } file)
            {
                return await MimeMessage.LoadAsync(file);
            }

            Assert.True(DateTime.UtcNow < until, "No mail arrived over SMTP.\nserver log:\n" + server.Output);
            await Task.Delay(500);
        }
    }

    private static async Task<string> WaitForCheckpointAsync(HttpClient auditor, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var checkpoints = (await auditor.GetAsync("/api/audit/checkpoints").ExpectAsync(HttpStatusCode.OK))["checkpoints"]!.AsArray();
            if (checkpoints.Count > 0)
            {
                return checkpoints[0]!["signedNote"]!.GetValue<string>();
            }

            Assert.True(DateTime.UtcNow < until, "The server signed no checkpoint.");
            await Task.Delay(1000);
        }
    }

    private static List<JsonObject> OasisPull(Uri discovery, string user, string password)
    {
        var conformance = Path.Combine(TestServerHost.Root, "tests", "Grondslag.Server.Tests", "Taxii", "Conformance");
        var client = Path.GetFullPath(Path.Combine(TestServerHost.Root, "..", "shared", "reference", "cti-taxii-client"));
        Assert.True(Directory.Exists(client), $"The OASIS TAXII client is missing: expected {client}.");
        var pulled = Run("python3", [Path.Combine(conformance, "taxii_pull.py"), discovery.ToString(), user, password],
            new Dictionary<string, string> { ["PYTHONPATH"] = string.Join(Path.PathSeparator, Path.Combine(conformance, "shim"), client) });
        Assert.True(pulled.ExitCode == 0, $"taxii_pull.py exited {pulled.ExitCode}:\n{pulled.Error}");
        return [.. JsonNode.Parse(pulled.Output)!["objects"]!.AsArray().Select(o => o!.AsObject())];
    }

    private static Process StartSmtp(int port, string maildir)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return process;
            }
            catch (SocketException) when (DateTime.UtcNow < until && !process.HasExited)
            {
                Thread.Sleep(100);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Gpg(string home, params string[] arguments)
    {
        var result = Run("gpg", ["--homedir", home, .. arguments]);
        Assert.True(result.ExitCode == 0, $"gpg {string.Join(' ', arguments)}: {result.Error}");
        return result.Output;
    }

    private static byte[] GpgBytes(string home, params string[] arguments)
    {
        var start = new ProcessStartInfo("gpg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--homedir", home }.Concat(arguments))
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        using var buffer = new MemoryStream();
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(buffer);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error.Result);
        return buffer.ToArray();
    }

    private static void GpgWithInput(string home, string input, params string[] arguments)
    {
        var result = Run("gpg", ["--homedir", home, .. arguments], input: input);
        Assert.True(result.ExitCode == 0, result.Error);
    }

    private static (int ExitCode, string Output, string Error) Run(string file, string[] arguments, IReadOnlyDictionary<string, string>? environment = null, string? input = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null, UseShellExecute = false };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish in 3 minutes.");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    [GeneratedRegex("^fpr:+([0-9A-F]{40,64}):", RegexOptions.Multiline)]
    private static partial Regex FingerprintLine();
}
