using Grondslag.Cli.Commands;
using Grondslag.Cli.Diagnostics;

namespace Grondslag.Cli;

/// <summary>
/// The full `grondslag` command line: the light commands (<see cref="LightCommands"/>, which the ahead-of-time
/// compiled front also answers) and every other command. It composes, nothing more.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        Timings.Mark("main");
        var root = LightCommands.Root(TimeProvider.System);
        root.Subcommands.Insert(1, RulesCommand.Create());
        root.Subcommands.Add(DataCommands.Create());
        root.Subcommands.Add(AuditCommands.Create(TimeProvider.System));
        root.Subcommands.Add(ServeCommand.Create());
        foreach (var command in CaseCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        return root.Parse(args).Invoke();
    }
}
