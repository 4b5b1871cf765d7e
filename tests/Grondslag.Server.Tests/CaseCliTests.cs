using System.CommandLine;
using System.Text.Json.Nodes;
using Grondslag.Cli.Commands;
using Grondslag.Storage;

namespace Grondslag.Server.Tests;

/// <summary>`grondslag case …` scripts the workflow against the real API (in process), with the server deciding.</summary>
public sealed class CaseCliTests
{
    private sealed class Cli(TestServerHost host, string token)
    {
        public (int Exit, string Out, string Error) Run(params string[] args)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var root = new RootCommand();
            foreach (var command in CaseCommands.Create(_ => host.CreateClient(), output, error))
            {
                root.Subcommands.Add(command);
            }

            var exit = root.Parse([.. args, "--server", "http://localhost/", "--token", token]).Invoke();
            return (exit, output.ToString(), error.ToString());
        }

        public JsonNode Json(params string[] args)
        {
            var (exit, output, error) = Run(args);
            Assert.True(exit == 0, $"grondslag {string.Join(' ', args)} → {exit}: {error}");
            return JsonNode.Parse(output)!;
        }
    }

    [Fact]
    public async Task CaseCommands_DriveTheCaseThroughTheApi_ServerKeepsDeciding()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        using var aliceClient = await host.SignedInAsync("alice", ["analyst"]);
        using var bobClient = await host.SignedInAsync("bob", ["duty-officer"]);
        var alice = new Cli(host, aliceClient.DefaultRequestHeaders.Authorization!.Parameter!);
        var bob = new Cli(host, bobClient.DefaultRequestHeaders.Authorization!.Parameter!);

        var caseId = alice.Json("case", "create", "--title", "COATHANGER", "--source", "MIVD", "--tlp", "amber")["id"]!.GetValue<string>();
        var import = alice.Json("case", "import", "--case", caseId, "--indicators", Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt"));
        Assert.Equal(20000, import["accepted"]!.GetValue<int>());
        alice.Json("case", "assess", "--case", caseId, "--date", "2024-06-10");
        var shares = alice.Json("case", "show", "--case", caseId)["shares"]!["items"]!.AsArray();
        string ShareOf(string party) => shares.Single(s => s!["partyId"]!.GetValue<string>() == party)!["id"]!.GetValue<string>();

        bob.Json("case", "decide", "--case", caseId, "--share", ShareOf("cert-fr"), "--outcome", "approve", "--motivation", "EU CSIRT, own share");
        var released = alice.Json("case", "release", "--case", caseId, "--share", ShareOf("cert-fr"));
        Assert.Contains("released", released.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        var refused = bob.Run("case", "decide", "--case", caseId, "--share", ShareOf("cccs"), "--outcome", "approve", "--motivation", "urgent");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("422", refused.Error, StringComparison.Ordinal);
        Assert.Contains("art. 20(2)", refused.Error, StringComparison.Ordinal);

        var own = alice.Run("case", "decide", "--case", caseId, "--share", ShareOf("cert-bund"), "--outcome", "approve", "--motivation", "mine");
        Assert.Equal(2, own.Exit);
        Assert.Contains("403", own.Error, StringComparison.Ordinal);
    }

    /// <summary>The README's server walk, in order: no dead end from import to a delivered share, also when the release is a day later.</summary>
    [Fact]
    public async Task CaseCommands_ReadmeWalk_AssessApproveNextDayReassessRelease()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        using var aliceClient = await host.SignedInAsync("alice", ["analyst"]);
        using var bobClient = await host.SignedInAsync("bob", ["duty-officer"]);
        var alice = new Cli(host, aliceClient.DefaultRequestHeaders.Authorization!.Parameter!);
        var bob = new Cli(host, bobClient.DefaultRequestHeaders.Authorization!.Parameter!);

        var caseId = alice.Json("case", "create", "--title", "COATHANGER", "--source", "MIVD")["id"]!.GetValue<string>();
        alice.Json("case", "import", "--case", caseId, "--indicators", Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt"));
        alice.Json("case", "assess", "--case", caseId);
        string ShareOf(Cli cli, string party) => cli.Json("case", "show", "--case", caseId)["shares"]!["items"]!.AsArray()
            .Single(s => s!["partyId"]!.GetValue<string>() == party)!["id"]!.GetValue<string>();
        bob.Json("case", "decide", "--case", caseId, "--share", ShareOf(alice, "cert-fr"), "--outcome", "approve", "--motivation", "EU CSIRT, own constituency");

        // A what-if is a comparison, not an assessment the workflow can use.
        var whatIf = alice.Run("case", "assess", "--case", caseId, "--regime", "cbw");
        Assert.NotEqual(0, whatIf.Exit);
        var compared = alice.Json("case", "what-if", "--case", caseId, "--regime", "cbw");
        Assert.Equal("cbw", compared["regime"]!.GetValue<string>());

        // The next day: release refused (yesterday's assessment), re-assess today, release.
        host.Clock.Advance(TimeSpan.FromDays(1));
        using var aliceToday = await host.SignedInAsync("alice", ["analyst"]);
        var today = new Cli(host, aliceToday.DefaultRequestHeaders.Authorization!.Parameter!);
        var stale = today.Run("case", "release", "--case", caseId, "--share", ShareOf(today, "cert-fr"));
        Assert.Equal(2, stale.Exit);
        Assert.Contains("assess again", stale.Error, StringComparison.Ordinal);
        var reassessed = today.Json("case", "reassess", "--case", caseId);
        Assert.Equal(2, reassessed["plan"]!["version"]!.GetValue<int>());
        var released = today.Json("case", "release", "--case", caseId, "--share", ShareOf(today, "cert-fr"));
        Assert.True(released["indicatorCount"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task CaseCommands_BadServerOrMissingFile_NameTheInput()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        var cli = new Cli(host, "not-a-token");

        var unauthorised = cli.Run("case", "list");
        Assert.Equal(2, unauthorised.Exit);
        Assert.Contains("401", unauthorised.Error, StringComparison.Ordinal);

        var missing = cli.Run("case", "import", "--case", "c", "--indicators", "/no/such/file.txt");
        Assert.Equal(2, missing.Exit);
        Assert.Contains("file.txt", missing.Error, StringComparison.Ordinal);
    }
}
