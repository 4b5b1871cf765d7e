namespace Grondslag.Cli.Tests;

/// <summary>
/// The front (<c>Grondslag.Cli.Front</c>, the native <c>grondslag</c>) answers the light commands with the full CLI's own
/// code and hands every other command to the full CLI, arguments, environment and exit code unchanged. Here both run
/// as built beside the tests (the front's logic is the same whether it is compiled ahead of time or not).
/// </summary>
public sealed class FrontTests
{
    private const string Front = "grondslag-front.dll";

    /// <summary>The full CLI the front becomes (a .dll is started with dotnet exec).</summary>
    private static readonly string Full = Path.Combine(AppContext.BaseDirectory, "grondslag.dll");

    private static Dictionary<string, string> Environment(string full) => new()
    {
        ["GRONDSLAG_DATA"] = Testing.RepositoryRoot.TestDataDirectory,
        ["GRONDSLAG_FULL_CLI"] = full,
    };

    public static TheoryData<string[]> LightCommands => new()
    {
        { ["plan", "--indicators", "examples/coathanger-2024.txt", "--date", "2024-06-10", "--json"] },
        { ["--lang", "nl", "plan", "--indicators", "examples/bad-lines.txt", "--date", "2024-06-10"] },
        { ["plan", "--indicators", "examples/does-not-exist.txt", "--date", "2024-06-10"] },
        { ["assess", "--recipient-kind", "national-csirt", "--country", "CA", "--date", "2024-06-10", "--json"] },
        { ["--rules=rules", "assess", "--recipient-kind", "national-csirt", "--country", "JP", "--regime", "cbw", "--cooperation"] },
        { ["attribute", "--indicators", "examples/bad-lines.txt"] },
        { ["--version"] },
    };

    [Theory]
    [MemberData(nameof(LightCommands))]
    public void LightCommand_FrontAndFull_AnswerTheSame(string[] args)
    {
        // The front must answer these itself: with no full CLI to hand over to, a handed-over command would fail.
        var front = CliRunner.RunAssembly(Front, Environment("/nonexistent/grondslag"), args);
        var full = CliRunner.Run(Environment("/nonexistent/grondslag"), args);

        Assert.DoesNotContain("The full grondslag CLI is not at", front.Error, StringComparison.Ordinal);
        Assert.Equal(full.ExitCode, front.ExitCode);
        Assert.Equal(full.Out, front.Out);
        Assert.Equal(full.Error, front.Error);
        Assert.NotEqual("", full.Out + full.Error);
    }

    [Fact]
    public void OtherCommand_ReachesTheFullCli_WithItsArgumentsAndExitCode()
    {
        var missing = Path.Combine(Path.GetTempPath(), "grondslag-no-rules-" + Guid.NewGuid().ToString("N"));

        // 'rules check' is not the front's: the full CLI runs it and refuses the missing folder with its own exit code.
        var result = CliRunner.RunAssembly(Front, Environment(Full), "--lang", "en", "rules", "check", "--rules", missing);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains(missing, result.Error, StringComparison.Ordinal);
        Assert.Contains("the rules directory does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_IsTheFullCli_ListingEveryCommand()
    {
        var result = CliRunner.RunAssembly(Front, Environment(Full), "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "assess", "rules", "plan", "attribute", "data", "audit", "serve", "case" })
        {
            Assert.Contains("  " + command, result.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void OtherCommand_WithoutTheFullCli_SaysWhereItLookedAndFails()
    {
        var result = CliRunner.RunAssembly(Front, Environment("/nonexistent/grondslag"), "data", "status");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("The full grondslag CLI is not at /nonexistent/grondslag", result.Error, StringComparison.Ordinal);
    }
}
