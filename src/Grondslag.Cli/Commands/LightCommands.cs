using System.CommandLine;

namespace Grondslag.Cli.Commands;

/// <summary>
/// The commands both executables carry: the ahead-of-time compiled front (<c>Grondslag.Cli.Front</c>, the
/// <c>grondslag</c> users run) and the full CLI it hands every other command to. One source for each: the front
/// compiles these same files, so a light command cannot answer differently in the two.
/// </summary>
internal static class LightCommands
{
    /// <summary>The commands the front answers itself; anything else goes to the full CLI.</summary>
    public static readonly IReadOnlyList<string> Names = ["assess", "plan", "attribute"];

    /// <summary>The root command with the global options and the light commands, in the order the help lists them.</summary>
    public static RootCommand Root(TimeProvider clock)
    {
        var root = new RootCommand("Grondslag: share threat information fast and lawfully — per recipient, with the legal basis cited.");
        root.Options.Add(GlobalOptions.Rules);
        root.Options.Add(GlobalOptions.CbwInForce);
        root.Options.Add(GlobalOptions.Wbni36084InForce);
        root.Options.Add(GlobalOptions.Language);
        root.Subcommands.Add(AssessCommand.Create(clock));
        root.Subcommands.Add(PlanCommand.Create(clock));
        root.Subcommands.Add(AttributeCommand.Create());
        return root;
    }
}
