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
    public static Result RunAssembly(string assembly, IDictionary<string, string>? environment, params string[] args) =>
        RunExecutable("dotnet", environment, TimeSpan.FromMinutes(5), ["exec", Path.Combine(AppContext.BaseDirectory, assembly), .. args]);

    /// <summary>Runs an executable (a path, or a name on PATH) in the repository's root and captures what it prints.</summary>
    public static Result RunExecutable(string executable, IDictionary<string, string>? environment, TimeSpan limit, params string[] args)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
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
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} did not finish within {limit}: {string.Join(' ', args)}");
        }

        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
