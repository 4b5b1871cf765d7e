namespace Grondslag.Application;

/// <summary>Where the rule book is read from: an explicit folder, GRONDSLAG_RULES, or the copy beside the executable.</summary>
public static class RulesLocation
{
    public const string Variable = "GRONDSLAG_RULES";

    public static string Resolve(string? explicitDirectory) =>
        !string.IsNullOrWhiteSpace(explicitDirectory) ? Path.GetFullPath(explicitDirectory)
        : Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment ? Path.GetFullPath(fromEnvironment)
        : Path.Combine(AppContext.BaseDirectory, "rules");
}
