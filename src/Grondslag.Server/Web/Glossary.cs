using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Grondslag.Domain.Text;
using Microsoft.AspNetCore.Html;

namespace Grondslag.Server.Web;

/// <summary>One glossary term: its anchor, the names it is known by, and its meaning as plain text in English and Dutch.</summary>
public sealed record GlossaryTerm(string Anchor, string Term, ImmutableArray<string> Names, string Meaning, string MeaningNl)
{
    /// <summary>The meaning in English and Dutch; <c>For(culture)</c> picks one.</summary>
    public LocalText MeaningText => new(Meaning, MeaningNl);
}

/// <summary>
/// The glossary of legal terms, read from docs/glossary.md (the one source, shipped beside the server: a table of
/// term, English meaning and Dutch meaning), and a linker that turns the terms in an explanation into links to it.
/// A row without its Dutch meaning is refused at load with the line number. Everything it emits is HTML-encoded.
/// </summary>
public static partial class Glossary
{
    private static readonly Lazy<ImmutableArray<GlossaryTerm>> Loaded = new(Load);

    private static readonly Lazy<Regex> Linker = new(() => new Regex(
        @"\b(" + string.Join("|", Terms.SelectMany(t => t.Names).OrderByDescending(n => n.Length).Select(Regex.Escape)) + @")\b",
        RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));

    public static ImmutableArray<GlossaryTerm> Terms => Loaded.Value;

    /// <summary>The file's location: beside the server binaries (copied at build), or the repository's docs folder.</summary>
    public static string Path { get; } = Locate();

    /// <summary>Encodes <paramref name="text"/> and links every glossary term in it to its entry.</summary>
    public static IHtmlContent Link(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return HtmlString.Empty;
        }

        var html = new StringBuilder();
        var at = 0;
        foreach (Match m in Linker.Value.Matches(text))
        {
            html.Append(HtmlEncoder.Default.Encode(text[at..m.Index]));
            var term = Terms.First(t => t.Names.Contains(m.Value, StringComparer.Ordinal));
            html.Append("<a class=\"term\" href=\"/glossary#").Append(term.Anchor).Append("\">").Append(HtmlEncoder.Default.Encode(m.Value)).Append("</a>");
            at = m.Index + m.Length;
        }

        html.Append(HtmlEncoder.Default.Encode(text[at..]));
        return new HtmlString(html.ToString());
    }

    private static ImmutableArray<GlossaryTerm> Load()
    {
        var terms = ImmutableArray.CreateBuilder<GlossaryTerm>();
        var number = 0;
        foreach (var line in File.ReadLines(Path, Encoding.UTF8))
        {
            number++;
            var m = Row().Match(line);
            if (!m.Success)
            {
                continue;
            }

            var term = m.Groups["term"].Value.Trim();
            var meaning = m.Groups["meaning"].Value.Trim();
            var dutch = m.Groups["nl"].Value.Trim();
            if (meaning.Length == 0 || dutch.Length == 0)
            {
                throw new InvalidDataException(
                    $"{Path}:{number}: the glossary term '{term}' needs its meaning in English and in Dutch: '| **{term}** | meaning | betekenis |'.");
            }

            var names = term.Split('/', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToImmutableArray();
            var anchor = "term-" + Slug().Replace(term.ToLowerInvariant(), "-").Trim('-');
            terms.Add(new GlossaryTerm(anchor, term, names, Plain(meaning), Plain(dutch)));
        }

        return terms.ToImmutable();
    }

    private static string Plain(string markdown) => markdown.Replace("**", "", StringComparison.Ordinal).Replace("*", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal);

    private static string Locate()
    {
        var beside = System.IO.Path.Combine(AppContext.BaseDirectory, "docs", "glossary.md");
        if (File.Exists(beside))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "docs", "glossary.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/glossary.md is neither beside the server nor in a parent folder.");
    }

    [GeneratedRegex(@"^\|\s*\*\*(?<term>[^*|]+)\*\*\s*\|(?<meaning>[^|]*)(\|(?<nl>[^|]*))?\|\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Row();

    [GeneratedRegex("[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();
}
