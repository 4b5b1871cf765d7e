using System.Diagnostics;

namespace Grondslag.Cli.Tests;

/// <summary>Runs the real `grondslag` executable (as built beside the tests) and captures what it prints.</summary>
internal static class CliRunner
{
    public static string Root => Testing.RepositoryRoot.Path;

    public sealed record Result(int ExitCode, string Out, string Error);

    public static Result Run(params string[] args) => Run(null, args);

    public static Result Run(IDictionary<string, string>? environment, params string[] args) => RunAssembly("grondslag.dll", environment, args);

    /// <summary>Runs another executable built beside the tests, such as the native front's own build (<c>grondslag-front.dll</c>).</summary>
    public static Result RunAssembly(string assembly, IDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("grondslag did not finish within 5 minutes: " + string.Join(' ', args));
        }

        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
