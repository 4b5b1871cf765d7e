using System.CommandLine;
using Grondslag.Cli.Commands;
using Grondslag.Cli.Diagnostics;

namespace Grondslag.Cli;

/// <summary>The `grondslag` command line: composes the commands, nothing more.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        Timings.Mark("main");
        var root = new RootCommand("Grondslag: share threat information fast and lawfully — per recipient, with the legal basis cited.");
        root.Options.Add(GlobalOptions.Rules);
        root.Options.Add(GlobalOptions.CbwInForce);
        root.Options.Add(GlobalOptions.Wbni36084InForce);
        root.Options.Add(GlobalOptions.Language);
        root.Subcommands.Add(AssessCommand.Create(TimeProvider.System));
        root.Subcommands.Add(RulesCommand.Create());
        root.Subcommands.Add(PlanCommand.Create(TimeProvider.System));
        root.Subcommands.Add(AttributeCommand.Create());
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
