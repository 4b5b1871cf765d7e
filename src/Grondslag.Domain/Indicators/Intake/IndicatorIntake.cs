using System.Text.Json;
using Grondslag.Domain.Law;
using Grondslag.Domain.Text;

namespace Grondslag.Domain.Indicators.Intake;

/// <summary>The form an indicator file arrived in, recognised from its content (never from its name).</summary>
public enum IntakeFormat
{
    /// <summary>One address or CIDR block per line, comments after '#'.</summary>
    Text,

    /// <summary>CSV with a header row naming an address column (Shadowserver reports: <c>ip</c>).</summary>
    Csv,

    /// <summary>A MISP event as JSON (<c>{"Event": {…}}</c>).</summary>
    MispEvent,

    /// <summary>A STIX 2.1 bundle, or a TAXII 2.1 envelope of STIX objects.</summary>
    StixBundle,
}

/// <summary>What an indicator file holds: the addresses (with every rejection per item) and what its markings say about the originator's conditions.</summary>
public sealed record IntakeResult(IntakeFormat Format, IndicatorList List, OriginatorMarkings Markings);

/// <summary>
/// Reads an indicator file in any form the CSIRT ecosystem sends: a text list, Shadowserver-style CSV, a MISP event,
/// a STIX 2.1 bundle or TAXII envelope. The form is recognised from the content, so every place that reads a stored
/// import (assessment, release, the case page) reads it the same way. Pure: no I/O.
/// </summary>
public static class IndicatorIntake
{
    /// <summary>Header names of the address column in CSV reports, in order of preference (case-insensitive).</summary>
    public static IReadOnlyList<string> AddressColumns { get; } = ["ip", "src_ip", "ip_address", "ipaddress", "ip address", "address", "source_ip", "ipv4", "ipv6"];

    public static IntakeFormat Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = FirstContent(text);
        if (start < text.Length && text[start] == '{')
        {
            return LooksLikeMisp(text) ? IntakeFormat.MispEvent : IntakeFormat.StixBundle;
        }

        return CsvHeader(text) is not null ? IntakeFormat.Csv : IntakeFormat.Text;
    }

    /// <summary>Reads the file; throws <see cref="IndicatorListException"/> when it holds no usable address or cannot be read in its form.</summary>
    public static IntakeResult Read(string source, string text, IndicatorListOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= IndicatorListOptions.Default;
        switch (Detect(text))
        {
            case IntakeFormat.MispEvent:
            {
                using var document = ParseJson(source, text, "a MISP event");
                var (items, markings) = MispEventReader.Read(document.RootElement);
                return new IntakeResult(IntakeFormat.MispEvent, IndicatorListParser.FromItems(source, items, options), markings);
            }

            case IntakeFormat.StixBundle:
            {
                using var document = ParseJson(source, text, "a STIX 2.1 bundle");
                var (items, markings) = StixBundleReader.Read(source, document.RootElement);
                return new IntakeResult(IntakeFormat.StixBundle, IndicatorListParser.FromItems(source, items, options), markings);
            }

            case IntakeFormat.Csv:
                return new IntakeResult(IntakeFormat.Csv, IndicatorListParser.Parse(source, text, options with { CsvColumn = CsvHeader(text) }), OriginatorMarkings.None);
            case IntakeFormat.Text:
                return new IntakeResult(IntakeFormat.Text, IndicatorListParser.Parse(source, text, options), OriginatorMarkings.None);
            default:
                throw new IndicatorListException($"{source}: unknown format.");
        }
    }

    /// <summary>Reads the file and returns only its addresses (for the places that need no markings).</summary>
    public static IndicatorList Addresses(string source, string text, IndicatorListOptions? options = null) => Read(source, text, options).List;

    private static JsonDocument ParseJson(string source, string text, string form)
    {
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new IndicatorListException(
                $"{source}: starts with '{{' but is not valid JSON ({ex.Message}); send {form} as JSON, or a text list with one address per line.");
        }
    }

    private static int FirstContent(string text)
    {
        var i = 0;
        while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == '\uFEFF'))
        {
            i++;
        }

        return i;
    }

    /// <summary>A MISP event has an <c>Event</c> member (or is a <c>response</c> list of them); a STIX bundle has <c>objects</c>.</summary>
    private static bool LooksLikeMisp(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && (root.TryGetProperty("Event", out _) || root.TryGetProperty("response", out _)
                    || (!root.TryGetProperty("objects", out _) && root.TryGetProperty("Attribute", out _)));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The address column of a CSV report: the first non-comment line is a header naming one of <see cref="AddressColumns"/>.</summary>
    private static string? CsvHeader(string text)
    {
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } raw)
        {
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.IndexOf(',', StringComparison.Ordinal) < 0 || Csv.Split(line) is not { } fields)
            {
                return null;
            }

            var names = fields.Select(f => f.Trim()).ToList();
            return AddressColumns.FirstOrDefault(c => names.Contains(c, StringComparer.OrdinalIgnoreCase)) is { } column
                ? names.First(n => string.Equals(n, column, StringComparison.OrdinalIgnoreCase))
                : null;
        }

        return null;
    }
}
