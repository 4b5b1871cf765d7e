namespace Grondslag.Cli;

/// <summary>Decides from the arguments alone whether the front answers a command or hands it to the full CLI.</summary>
internal static class FrontDispatch
{
    /// <summary>The root's options that take a value (<see cref="Commands.GlobalOptions"/>): their value is not the command.</summary>
    private static readonly string[] ValuedRootOptions = ["--rules", "--cbw-in-force", "--wbni-36084-in-force", "--lang"];

    /// <summary>
    /// True for a light command (the first word that is neither a root option nor its value) and for a bare
    /// <c>--version</c>. Help (which lists every command), response files and anything unknown go to the full CLI.
    /// </summary>
    public static bool AnswersHere(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (ValuedRootOptions.Contains(arg, StringComparer.Ordinal))
            {
                i++;
                continue;
            }

            if (ValuedRootOptions.Any(o => arg.StartsWith(o + "=", StringComparison.Ordinal) || arg.StartsWith(o + ":", StringComparison.Ordinal)))
            {
                continue;
            }

            if (arg == "--version")
            {
                return args.Count == 1;
            }

            return Commands.LightCommands.Names.Contains(arg, StringComparer.Ordinal);
        }

        return false;
    }
}
