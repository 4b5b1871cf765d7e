using System.Runtime.InteropServices;

namespace Grondslag.Cli;

/// <summary>
/// The full CLI (ReadyToRun, with the case, audit, admin, data, rules and serve commands) published beside the front
/// in <c>full/</c>. The front becomes it with <c>execv</c>: the same process id, arguments, environment, standard
/// streams and exit code, as if it had been started directly.
/// </summary>
internal static partial class FullCli
{
    /// <summary>Overrides where the full CLI is: an executable, or a <c>.dll</c> started with <c>dotnet exec</c> (tests).</summary>
    public const string Variable = "GRONDSLAG_FULL_CLI";

    public static string Location =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "full", "grondslag");

    /// <summary>Replaces this process with the full CLI; returns only when that fails (exit code 1, with the reason).</summary>
    public static int Replace(IReadOnlyList<string> args)
    {
        var target = Location;
        if (!File.Exists(target))
        {
            Console.Error.WriteLine($"The full grondslag CLI is not at {target}; run ./grondslag from the checkout to publish it (or set {Variable}).");
            return 1;
        }

        string[] argv = target.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? ["dotnet", "exec", target, .. args]
            : [target, .. args];
        var error = Exec(target.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? "dotnet" : target, argv);
        Console.Error.WriteLine($"Could not start the full grondslag CLI ({target}): error {error}.");
        return 1;
    }

    private static unsafe int Exec(string file, string[] argv)
    {
        var pointers = new nint[argv.Length + 1];
        try
        {
            for (var i = 0; i < argv.Length; i++)
            {
                pointers[i] = Marshal.StringToCoTaskMemUTF8(argv[i]);
            }

            fixed (nint* vector = pointers)
            {
                // execvp: a bare "dotnet" is looked up on PATH; a path is used as it is. The environment is inherited.
                _ = ExecVp(file, vector);
            }

            return Marshal.GetLastPInvokeError();
        }
        finally
        {
            foreach (var pointer in pointers)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "execvp", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int ExecVp(string file, nint* argv);
}
