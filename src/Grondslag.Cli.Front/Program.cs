using Grondslag.Cli.Commands;
using Grondslag.Cli.Diagnostics;

namespace Grondslag.Cli;

/// <summary>
/// The front `grondslag`: answers the light commands itself (<see cref="LightCommands"/>) and hands everything else
/// to the full CLI, unchanged (<see cref="FullCli"/>).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        Timings.Mark("main");
        return FrontDispatch.AnswersHere(args)
            ? LightCommands.Root(TimeProvider.System).Parse(args).Invoke()
            : FullCli.Replace(args);
    }
}
