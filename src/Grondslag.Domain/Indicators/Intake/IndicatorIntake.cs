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
                throw new IndicatorListException(new Grondslag.Domain.Text.LocalText($"{source}: unknown format.", $"{source}: onbekend formaat."));
        }
    }

    /// <summary>
    /// Reads the file from a reader, streaming: a text list or CSV report is parsed line by line and never held whole
    /// (memory grows with the unique addresses, not the file); a JSON file (MISP event, STIX bundle) is read whole, up
    /// to <paramref name="maxJsonChars"/> characters. The form is recognised from the content as in
    /// <see cref="Read(string, string, IndicatorListOptions?)"/>, with the same counts, reasons and line numbers.
    /// </summary>
    public static IntakeResult Read(string source, TextReader reader, IndicatorListOptions? options = null, long maxJsonChars = 256L << 20)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= IndicatorListOptions.Default;
        var head = new System.Text.StringBuilder();
        var block = new char[1 << 16];
        var eof = false;

        // Enough of the start to recognise the form: the first content character and the first complete non-comment line.
        while (!eof && (head.Length < block.Length || !HasFirstContentLine(head)) && head.Length < (1 << 22))
        {
            var read = reader.Read(block, 0, block.Length);
            if (read == 0)
            {
                eof = true;
                break;
            }

            head.Append(block, 0, read);
        }

        var start = head.ToString();
        if (FirstContent(start) < start.Length && start[FirstContent(start)] == '{')
        {
            var whole = new System.Text.StringBuilder(start);
            while (!eof)
            {
                var read = reader.Read(block, 0, block.Length);
                if (read == 0)
                {
                    break;
                }

                whole.Append(block, 0, read);
                if (whole.Length > maxJsonChars)
                {
                    throw new IndicatorListException(new Grondslag.Domain.Text.LocalText(
                        $"{source}: a JSON file (MISP event or STIX bundle) may hold at most {maxJsonChars} characters; split it into several files, or send the addresses as a text list (one per line), which has no such limit.",
                        $"{source}: een JSON-bestand (MISP-event of STIX-bundel) mag hoogstens {maxJsonChars} tekens bevatten; splits het in meerdere bestanden, of stuur de adressen als tekstlijst (één per regel), waarvoor die grens niet geldt."));
                }
            }

            return Read(source, whole.ToString(), options);
        }

        using var all = new PrefixedReader(start, eof ? null : reader);
        return CsvHeader(start) is { } column
            ? new IntakeResult(IntakeFormat.Csv, IndicatorListParser.Parse(source, all, options with { CsvColumn = column }), OriginatorMarkings.None)
            : new IntakeResult(IntakeFormat.Text, IndicatorListParser.Parse(source, all, options), OriginatorMarkings.None);
    }

    /// <summary>True when the text holds its first non-blank, non-comment line in full (it ends with a newline).</summary>
    private static bool HasFirstContentLine(System.Text.StringBuilder text)
    {
        var s = text.ToString();
        var position = 0;
        while (position < s.Length)
        {
            var newline = s.IndexOf('\n', position);
            if (newline < 0)
            {
                return false;
            }

            var line = s.AsSpan(position, newline - position).Trim().TrimStart('\uFEFF');
            if (line.Length > 0 && line[0] != '#')
            {
                return true;
            }

            position = newline + 1;
        }

        return false;
    }

    /// <summary>A reader that gives the text already read, then the rest of the underlying reader.</summary>
    private sealed class PrefixedReader(string prefix, TextReader? rest) : TextReader
    {
        private int _position;

        public override int Read(char[] buffer, int index, int count)
        {
            if (_position < prefix.Length)
            {
                var n = Math.Min(count, prefix.Length - _position);
                prefix.CopyTo(_position, buffer, index, n);
                _position += n;
                return n;
            }

            return rest?.Read(buffer, index, count) ?? 0;
        }

        public override int Peek() => _position < prefix.Length ? prefix[_position] : rest?.Peek() ?? -1;

        public override int Read() => _position < prefix.Length ? prefix[_position++] : rest?.Read() ?? -1;
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
            throw new IndicatorListException(new Grondslag.Domain.Text.LocalText(
                $"{source}: starts with '{{' but is not valid JSON ({ex.Message}); send {form} as JSON, or a text list with one address per line.",
                $"{source}: begint met '{{' maar is geen geldige JSON ({ex.Message}); stuur {form} als JSON, of een tekstlijst met één adres per regel."));
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
