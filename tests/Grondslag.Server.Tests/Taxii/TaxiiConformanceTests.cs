using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grondslag.Storage;

namespace Grondslag.Server.Tests.Taxii;

/// <summary>
/// The TAXII 2.1 server requirements that apply to a read-only server, driven by the OASIS client
/// (../shared/reference/cti-taxii-client) against the real server process with one released share.
/// docs/taxii-conformance.md records the requirements and this run's results.
/// </summary>
public sealed class TaxiiConformanceTests
{
    private static string Folder => Path.Combine(TestServerHost.Root, "tests", "Grondslag.Server.Tests", "Taxii", "Conformance");

    [Fact]
    public async Task OasisClient_ReadOnlyServerRequirements_AllPass()
    {
        var directory = Path.Combine(Path.GetTempPath(), "grondslag-taxii-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var storage = StorageOptions.SqliteFile(directory);
        try
        {
            using var server = await KillTests.ServerProcess.StartAsync(storage, commitDelayMs: 0);
            var adminPassword = server.OneTimePassword ?? throw new InvalidOperationException("The first run printed no one-time password.\n" + server.Output);
            using var admin = await server.SignInAsync("admin", adminPassword, "Kite-harbour-lantern-2024");
            var second = await admin.PostAsJsonAsync("/api/admin/accounts", new { userName = "admin2", roles = new[] { "administrator" } }).ExpectAsync(HttpStatusCode.Created);
            using var admin2 = await server.SignInAsync("admin2", second["oneTimePassword"]!.GetValue<string>(), "Copper-meadow-violin-2024");
            var alice = await admin.CreateApprovedAccountAsync(admin2, "alice", ["analyst"]);
            var bob = await admin.CreateApprovedAccountAsync(admin2, "bob", ["duty-officer"]);
            using var analyst = await server.SignInAsync("alice", alice["oneTimePassword"]!.GetValue<string>(), "Maple-canal-drizzle-2024");
            using var officer = await server.SignInAsync("bob", bob["oneTimePassword"]!.GetValue<string>(), "Granite-otter-sunrise-2024");
            var caseId = (await analyst.PostAsJsonAsync("/api/cases", new { title = "COATHANGER", source = "MIVD", tlp = "amber", purpose = "inform-victims" })
                .ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
            await analyst.PostTextAsync($"/api/cases/{caseId}/imports?fileName=coathanger-2024.txt",
                await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt"))).ExpectAsync(HttpStatusCode.Created);
            // The real process runs on the real clock: only today's assessment can be released.
            var assessed = await analyst.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { }).ExpectAsync(HttpStatusCode.Created);
            var shareId = assessed["shares"]!.AsArray().Single(s => s!["partyId"]!.GetValue<string>() == "cert-fr")!["id"]!.GetValue<string>();
            await officer.PostAsJsonAsync($"/api/cases/{caseId}/shares/{shareId}/decision", new { outcome = "approve", motivation = "Wbni art. 20(2): EU CSIRT" }).ExpectAsync(HttpStatusCode.OK);
            await analyst.PostAsync($"/api/cases/{caseId}/shares/{shareId}/release", null).ExpectAsync(HttpStatusCode.Created);
            var client = await admin.PostAsJsonAsync("/api/admin/taxii-clients", new { party = "cert-fr" }).ExpectAsync(HttpStatusCode.Created);

            var report = RunOasisClient(new Uri(server.BaseAddress, "/taxii2/"), "cert-fr", client["secret"]!.GetValue<string>());

            // Kept for docs/taxii-conformance.md (the run's details).
            await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "grondslag-taxii-conformance.json"), report.ToJsonString());
            var results = report["results"]!.AsArray();
            Assert.True(results.Count >= 17, report.ToJsonString());
            var failed = results.Where(r => !r!["passed"]!.GetValue<bool>()).Select(r => $"{r!["id"]}: {r["detail"]}").ToList();
            Assert.True(failed.Count == 0, string.Join("\n", failed));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static JsonNode RunOasisClient(Uri discovery, string user, string password)
    {
        var client = Path.GetFullPath(Path.Combine(TestServerHost.Root, "..", "shared", "reference", "cti-taxii-client"));
        Assert.True(Directory.Exists(client), $"The OASIS TAXII client is missing: expected {client}.");
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(Folder, "taxii_conformance.py"));
        start.ArgumentList.Add(discovery.ToString());
        start.ArgumentList.Add(user);
        start.ArgumentList.Add(password);
        start.Environment["PYTHONPATH"] = string.Join(Path.PathSeparator, Path.Combine(Folder, "shim"), client);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "The OASIS client run did not finish in 3 minutes.");
        Assert.True(process.ExitCode == 0, $"python3 taxii_conformance.py exited {process.ExitCode}:\n{error.Result}");
        return JsonNode.Parse(output.Result) ?? throw new InvalidOperationException("No report:\n" + error.Result);
    }
}
