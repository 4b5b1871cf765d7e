namespace Grondslag.Domain.Law;

/// <summary>
/// Where a rule comes from: law, article, paragraph (and point), the official identifier
/// (BWB id for Dutch law, CELEX number for EU law, parliamentary paper for a bill) and a short quote.
/// </summary>
public sealed record Citation
{
    public Citation(string law, string article, string? paragraph, string? point, string source, string quote, bool verify)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(law);
        ArgumentException.ThrowIfNullOrWhiteSpace(article);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(quote);
        Law = law;
        Article = article;
        Paragraph = paragraph;
        Point = point;
        Source = source;
        Quote = quote;
        Verify = verify;
    }

    public string Law { get; }
    public string Article { get; }
    public string? Paragraph { get; }
    public string? Point { get; }
    public string Source { get; }
    public string Quote { get; }

    /// <summary>True where our reading could not be checked against the official text.</summary>
    public bool Verify { get; }

    /// <summary>The conventional short form, e.g. "Wbni art. 20(2)(b)".</summary>
    public string Short =>
        $"{Law} art. {Article}{(Paragraph is null ? "" : $"({Paragraph})")}{(Point is null ? "" : $"({Point})")}{(Verify ? " [verify]" : "")}";

    public override string ToString() => Short;
}
