namespace Grondslag.Cli.Tests;

/// <summary>
/// The front as users run it: compiled to native code (Native AOT), not its .NET build. Trimming and ahead-of-time
/// compilation can break code that works under the JIT (reflection, generic code made at run time), and only the
/// native binary shows that. <c>test.sh</c> publishes it once before the tests and names it in
/// <c>GRONDSLAG_NATIVE_FRONT</c>; without that variable the fixture publishes it itself (a few minutes, once).
/// </summary>
public sealed class NativeFrontTests(NativeFrontTests.Published front) : IClassFixture<NativeFrontTests.Published>
{
    /// <summary>The native front (the path in GRONDSLAG_NATIVE_FRONT, or published here), copied beside the tests' full CLI.</summary>
    public sealed class Published
    {
        public const string Variable = "GRONDSLAG_NATIVE_FRONT";

        public Published()
        {
            if (System.Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
            {
                Path = given;
            }
            else
            {
                var output = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "grondslag-native-front-" + Guid.NewGuid().ToString("N"));
                var publish = CliRunner.RunExecutable("dotnet", null, TimeSpan.FromMinutes(30),
                    "publish", "src/Grondslag.Cli.Front/Grondslag.Cli.Front.csproj", "-c", "Release", "-o", output, "-nologo", "-clp:ErrorsOnly");
                Assert.True(publish.ExitCode == 0, $"publishing the native front failed (it needs gcc or clang and zlib1g-dev, see .ci/packages.txt):\n{publish.Out}\n{publish.Error}");
                Path = System.IO.Path.Combine(output, "grondslag-front");
            }

            Assert.True(File.Exists(Path), $"the native front is not at {Path} ({Variable})");

            // Beside the full CLI built for the tests, so that both find the same default party registry beside
            // themselves (its path is part of the output).
            var beside = System.IO.Path.Combine(AppContext.BaseDirectory, "grondslag-native");
            File.Copy(Path, beside, overwrite: true);
            Path = beside;
        }

        public string Path { get; }
    }

    private static readonly string Full = System.IO.Path.Combine(AppContext.BaseDirectory, "grondslag.dll");

    private static Dictionary<string, string> Environment(string full) => new()
    {
        ["GRONDSLAG_DATA"] = Testing.RepositoryRoot.TestDataDirectory,
        ["GRONDSLAG_FULL_CLI"] = full,
    };

    [Theory]
    [MemberData(nameof(FrontTests.LightCommands), MemberType = typeof(FrontTests))]
    public void LightCommand_NativeFrontAndFull_AnswerTheSame(string[] args)
    {
        // No full CLI to hand over to: the native front must answer these itself, as the full CLI does.
        var native = CliRunner.RunExecutable(front.Path, Environment("/nonexistent/grondslag"), TimeSpan.FromMinutes(5), args);
        var full = CliRunner.Run(Environment("/nonexistent/grondslag"), args);

        Assert.DoesNotContain("The full grondslag CLI is not at", native.Error, StringComparison.Ordinal);
        Assert.Equal(full.ExitCode, native.ExitCode);
        Assert.Equal(full.Out, native.Out);
        Assert.Equal(full.Error, native.Error);
        Assert.NotEqual("", full.Out + full.Error);
    }

    [Fact]
    public void OtherCommand_NativeFrontBecomesTheFullCli_WithItsArgumentsAndExitCode()
    {
        var missing = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "grondslag-no-rules-" + Guid.NewGuid().ToString("N"));

        var result = CliRunner.RunExecutable(front.Path, Environment(Full), TimeSpan.FromMinutes(5), "--lang", "en", "rules", "check", "--rules", missing);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains(missing, result.Error, StringComparison.Ordinal);
        Assert.Contains("the rules directory does not exist", result.Error, StringComparison.Ordinal);
    }
}
