using System.CommandLine;
using Grondslag.Application;
using Grondslag.Attribution.Data;
using Grondslag.Domain.Law;
using Grondslag.Rules;
using Spectre.Console;

namespace Grondslag.Cli.Commands;

/// <summary>Options every command shares: where the rules are and the Cbw's configured entry into force.</summary>
internal static class GlobalOptions
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitBadInput = 2;
    public const int ExitInvalidRules = 3;

    /// <summary>How the CLI prints JSON: indented, non-ASCII and '+' left readable (it goes to a terminal or a file, not HTML).</summary>
    public static System.Text.Json.JsonSerializerOptions Json { get; } = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Option<string?> Rules { get; } = new("--rules")
    {
        Description = $"Folder with regimes.yaml and the rule files (default: ${RulesLocation.Variable}, else the rules/ beside the executable).",
        Recursive = true,
    };

    public static Option<string?> CbwInForce { get; } = new("--cbw-in-force")
    {
        Description = $"The Cbw's entry into force, YYYY-MM-DD (default: ${RuleBookLoader.CbwEntryIntoForceVariable}, else regimes.yaml).",
        Recursive = true,
    };

    public static Option<string?> Wbni36084InForce { get; } = new("--wbni-36084-in-force")
    {
        Description = $"Bill 36 084's entry into force (Wbni art. 3(2)(e), 20(2)(d)), YYYY-MM-DD (default: ${RuleBookLoader.Wbni36084EntryIntoForceVariable}, else regimes.yaml; unknown means advice-required where it decides).",
        Recursive = true,
    };

    /// <summary>Environment variable that sets the language of <c>assess</c> and <c>plan</c> output when <c>--lang</c> is not given.</summary>
    public const string LanguageVariable = "GRONDSLAG_LANG";

    public static Option<string?> Language { get; } = new("--lang")
    {
        Description = $"Language of the explanations: en (default) or nl (default: ${LanguageVariable}, else en). JSON always carries both.",
        Recursive = true,
    };

    /// <summary>
    /// True when the output should be Dutch: <c>--lang nl</c>, else <c>GRONDSLAG_LANG=nl</c>. The system locale (LANG) is
    /// deliberately not consulted, so that scripts get the same English output on every machine unless they ask.
    /// </summary>
    public static bool Dutch(ParseResult parse, out string? problem)
    {
        var value = parse.GetValue(Language) ?? Environment.GetEnvironmentVariable(LanguageVariable);
        problem = null;
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Equals("en", StringComparison.OrdinalIgnoreCase) || value.Trim().StartsWith("en-", StringComparison.OrdinalIgnoreCase) || value.Trim().StartsWith("en_", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Domain.Text.LocalText.IsDutch(value.Trim()))
        {
            return true;
        }

        problem = $"'{value}' is not a language Grondslag speaks; use --lang en or --lang nl.";
        return false;
    }

    /// <summary>Where validated rule books are remembered: <c>cache/rule-books</c> in the Grondslag home.</summary>
    public static string RuleBookCacheDirectory => Path.Combine(GrondslagHome.Resolve(), "cache", "rule-books");

    /// <summary>
    /// Loads the rule book named by the options; an invalid book is reported and nothing runs. A book whose exact
    /// bytes were validated before is not validated again (<see cref="RuleBookCache"/>) unless <paramref name="validateInFull"/>.
    /// </summary>
    public static RuleBook? LoadRuleBook(ParseResult parse, TextWriter error, bool validateInFull = false)
    {
        try
        {
            var directory = RulesLocation.Resolve(parse.GetValue(Rules));
            var configured = parse.GetValue(CbwInForce) is { Length: > 0 } fromOption
                ? RuleBookLoader.ParseConfiguredDate(fromOption, "--cbw-in-force")
                : RuleBookLoader.ParseConfiguredDate(Environment.GetEnvironmentVariable(RuleBookLoader.CbwEntryIntoForceVariable), RuleBookLoader.CbwEntryIntoForceVariable);
            var amended = parse.GetValue(Wbni36084InForce) is { Length: > 0 } amendedOption
                ? RuleBookLoader.ParseConfiguredDate(amendedOption, "--wbni-36084-in-force")
                : RuleBookLoader.ParseConfiguredDate(Environment.GetEnvironmentVariable(RuleBookLoader.Wbni36084EntryIntoForceVariable), RuleBookLoader.Wbni36084EntryIntoForceVariable);
            return RuleBookLoader.Load(directory, configured, amended, validateInFull ? null : new RuleBookCache(RuleBookCacheDirectory));
        }
        catch (RuleBookException ex)
        {
            error.WriteLine(ex.Message);
            error.WriteLine("Nothing was assessed: Grondslag does not run on an invalid rule set.");
            return null;
        }
    }

    public static IAnsiConsole Console(TextWriter writer) =>
        AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = writer == System.Console.Out && !System.Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = writer == System.Console.Out && !System.Console.IsOutputRedirected ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });

    public static string Colour(Verdict verdict) => verdict switch
    {
        Verdict.Permitted => "green",
        Verdict.Conditional => "yellow",
        Verdict.AdviceRequired => "darkorange",
        Verdict.Prohibited => "red",
    };
}
