using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Grondslag.Server.Tests;

/// <summary>
/// The README's "First day for an operator" block, run as it stands (taken from the README, so README and test cannot
/// drift) with the real executables — the CLI and <c>grondslag serve</c> starting the real server process — in a fresh
/// <c>GRONDSLAG_HOME</c>; every numbered step must succeed and print what it promises.
/// </summary>
public sealed partial class FirstDayTests
{
    [Fact]
    public void ReadmeFirstDay_OnAFreshHome_EveryStepSucceedsWithItsResult()
    {
        var steps = ReadmeSteps();
        Assert.Equal(Enumerable.Range(1, 9), steps.Select(s => s.Number));
        var work = Directory.CreateTempSubdirectory("grondslag-first-day-").FullName;
        try
        {
            var result = Run(steps, work);
            var byStep = Split(result.Output);
            foreach (var step in steps)
            {
                Assert.True(byStep.ContainsKey(step.Number), $"step {step.Number} ({step.Title}) did not finish (exit {result.ExitCode}):\n{result.Output}\n{result.Error}\nserver log:\n{ServerLog(work)}");
            }

            Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}:\n{result.Output}\n{result.Error}");
            Assert.Contains("tables ready", byStep[1], StringComparison.Ordinal);
            Assert.True(Token(work, "ADMIN").Length > 20, "step 2 gave no administrator token");
            Assert.Contains("cert-fr: proposed", byStep[4], StringComparison.Ordinal);
            Assert.Contains("registry approved by beheer", byStep[4], StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(work, "home", "keyring", "pubring.gpg")), "the imported key is not in the keyring");
            Assert.Contains("20000 addresses imported", byStep[5], StringComparison.Ordinal);
            Assert.Matches(SharesAssessed(), byStep[5]);
            Assert.Matches(SharesWarn(), byStep[5]);
            Assert.Contains("no OpenPGP key in the registry (placeholder)", byStep[5], StringComparison.Ordinal);
            Assert.Contains("cert-fr: 0 key warnings", byStep[5], StringComparison.Ordinal);
            Assert.Contains("approved by dirk", byStep[6], StringComparison.Ordinal);
            Assert.Matches(Released(), byStep[7]);
            var onTaxii = int.Parse(IndicatorsOnTaxii().Match(byStep[7]).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var released = int.Parse(Released().Match(byStep[7]).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(released, onTaxii);
            Assert.Contains("Intact:", byStep[8], StringComparison.Ordinal);
            Assert.Contains("checkpoint verified", byStep[8], StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(work, "home", "grondslag.db")), "the database is not in the home");
            Assert.True(File.Exists(Path.Combine(work, "home", "keys", "audit.pub")), "the audit key is not in the home");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private sealed record Step(int Number, string Title, string Script);

    /// <summary>The bash block between the first-day markers, cut at its numbered comments ("# 1. Install: …").</summary>
    private static List<Step> ReadmeSteps()
    {
        var readme = File.ReadAllText(Path.Combine(TestServerHost.Root, "README.md"));
        var block = BlockPattern().Match(readme);
        Assert.True(block.Success, "README.md has no first-day block between <!-- first-day:begin --> and <!-- first-day:end -->");
        var steps = new List<Step>();
        foreach (var line in block.Groups[1].Value.Split('\n'))
        {
            if (StepHeading().Match(line) is { Success: true } heading)
            {
                steps.Add(new Step(int.Parse(heading.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), heading.Groups[2].Value, ""));
            }
            else if (steps.Count > 0)
            {
                steps[^1] = steps[^1] with { Script = steps[^1].Script + line + "\n" };
            }
        }

        return steps;
    }

    private static (int ExitCode, string Output, string Error) Run(List<Step> steps, string work)
    {
        // The folder the operator works in: ./grondslag is the CLI as built (the checkout's script would publish it
        // again), the server is the one built beside it, examples/ is the checkout's.
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name;
        var cli = Path.Combine(TestServerHost.Root, "src", "Grondslag.Cli", "bin", configuration, testBin.Name, "grondslag");
        var server = Path.Combine(TestServerHost.Root, "src", "Grondslag.Server", "bin", configuration, testBin.Name);
        File.WriteAllText(Path.Combine(work, "grondslag"), $"#!/bin/sh\nexec '{cli}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(work, "grondslag"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Directory.CreateSymbolicLink(Path.Combine(work, "examples"), Path.Combine(TestServerHost.Root, "examples"));
        var home = Path.Combine(work, "home");
        Directory.CreateDirectory(home);

        var script = new StringBuilder("set -euo pipefail\ntrap '[ -n \"${SERVE_PID:-}\" ] && kill \"$SERVE_PID\" 2>/dev/null; wait' EXIT\n");
        foreach (var step in steps)
        {
            script.Append(step.Script).Append(CultureInfo($"echo '::step {step.Number} done::'\n"));
            if (step.Number == 2)
            {
                // Keep the tokens for the assertions (the README leaves them in shell variables).
                script.Append("echo \"$ADMIN\" > \"$GRONDSLAG_HOME/ADMIN.token\"\n");
            }
        }

        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = work };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script.ToString());
        start.Environment["GRONDSLAG_HOME"] = home;
        start.Environment["GRONDSLAG_SERVER"] = $"http://127.0.0.1:{FreePort()}";
        // The address data is installed once for the test run (the pinned packages; the README's step 1 checks it).
        start.Environment["GRONDSLAG_DATA"] = TestServerHost.DataDirectory;
        start.Environment["GRONDSLAG_SERVER_DIR"] = server;
        foreach (var variable in new[] { "GRONDSLAG_TOKEN", "GRONDSLAG_DB", "GRONDSLAG_DB_PROVIDER", "GRONDSLAG_AUDIT_KEYS", "GRONDSLAG_AUDIT_WITNESS", "XDG_CONFIG_HOME" })
        {
            start.Environment.Remove(variable);
        }

        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(work, "config");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The first day did not finish within 10 minutes:\n" + output.Result + error.Result);
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    private static string CultureInfo(FormattableString text) => FormattableString.Invariant(text);

    private static Dictionary<int, string> Split(string output)
    {
        var result = new Dictionary<int, string>();
        var current = new StringBuilder();
        foreach (var line in output.Split('\n'))
        {
            if (DoneMarker().Match(line) is { Success: true } done)
            {
                result[int.Parse(done.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)] = current.ToString();
                current.Clear();
            }
            else
            {
                current.AppendLine(line);
            }
        }

        return result;
    }

    private static string Token(string work, string name) =>
        File.Exists(Path.Combine(work, "home", name + ".token")) ? File.ReadAllText(Path.Combine(work, "home", name + ".token")).Trim() : "";

    private static string ServerLog(string work) =>
        File.Exists(Path.Combine(work, "home", "serve.log")) ? File.ReadAllText(Path.Combine(work, "home", "serve.log")) : "(no serve.log)";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"<!-- first-day:begin -->\s*```bash\n(.*?)```\s*<!-- first-day:end -->", RegexOptions.Singleline)]
    private static partial Regex BlockPattern();

    [GeneratedRegex(@"^# (\d+)\. ([^:.]+)")]
    private static partial Regex StepHeading();

    [GeneratedRegex(@"^::step (\d+) done::$")]
    private static partial Regex DoneMarker();

    [GeneratedRegex(@"\d+ shares assessed")]
    private static partial Regex SharesAssessed();

    [GeneratedRegex(@"[1-9]\d* shares warn about a recipient key")]
    private static partial Regex SharesWarn();

    [GeneratedRegex(@"released (\d+) addresses to cert-fr")]
    private static partial Regex Released();

    [GeneratedRegex(@"(\d+) indicators on TAXII")]
    private static partial Regex IndicatorsOnTaxii();
}
