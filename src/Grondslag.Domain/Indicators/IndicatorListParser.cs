using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using Grondslag.Domain.Text;

namespace Grondslag.Domain.Indicators;

/// <summary>
/// Parses indicator lists strictly and fast: one address per line (or a CSV column), span-based,
/// no regular expressions and no <c>IPAddress.Parse</c>. Unique addresses are counted exactly by
/// sorting the compact values and removing duplicates.
/// </summary>
public static class IndicatorListParser
{
    private const int MaxShownText = 100;

    public static IndicatorList Parse(string source, string text, IndicatorListOptions? options = null)
    {
        using var reader = new StringReader(text);
        return Parse(source, reader, options);
    }

    /// <summary>Parses the whole input; throws <see cref="IndicatorListException"/> when it has no usable address.</summary>
    public static IndicatorList Parse(string source, TextReader reader, IndicatorListOptions? options = null)
    {
        options ??= IndicatorListOptions.Default;
        var state = new State(source, options);
        var lines = new LineSplitter(reader);
        var csvColumn = -1;
        var csv = options.CsvColumn is not null;
        while (lines.TryRead(out var raw))
        {
            var number = ++state.Lines;
            if (options.Progress is { } progress && number % options.ProgressInterval == 0)
            {
                progress(number);
            }

            var line = raw.Trim();
            if (number == 1 && line.Length > 0 && line[0] == '\uFEFF')
            {
                line = line[1..].Trim();
            }

            if (line.IsEmpty || line[0] == '#')
            {
                state.Skipped++;
                continue;
            }

            ReadOnlySpan<char> token;
            if (csv)
            {
                if (csvColumn < 0)
                {
                    csvColumn = FindColumn(source, line, options.CsvColumn!, number);
                    state.Skipped++;
                    continue;
                }

                if (!Csv.TryGetField(line, csvColumn, out token, out _))
                {
                    state.Reject(number, raw, Csv.Split(line) is { } fields
                        ? LineRejection.Of("csv-missing-field",
                            $"this row has {fields.Count} field(s) but column '{options.CsvColumn}' is field {csvColumn + 1}; give every row all header columns",
                            $"deze rij heeft {fields.Count} veld(en) maar kolom '{options.CsvColumn}' is veld {csvColumn + 1}; geef elke rij alle kolommen van de kopregel")
                        : LineRejections.MalformedCsv);
                    continue;
                }

                token = token.Trim();
            }
            else
            {
                var hash = line.IndexOf('#');
                token = hash < 0 ? line : line[..hash].TrimEnd();
            }

            state.Accept(number, raw, token);
        }

        if (csv && csvColumn < 0)
        {
            throw new IndicatorListException(new Grondslag.Domain.Text.LocalText($"{source}: no CSV header row found; the first non-comment line must name the columns, one of them '{options.CsvColumn}'.",
                $"{source}: geen CSV-kopregel gevonden; de eerste regel die geen commentaar is moet de kolommen noemen, waaronder '{options.CsvColumn}'."));
        }

        return state.Finish();
    }

    /// <summary>
    /// Builds an indicator list from the items of a structured file (a MISP attribute, a STIX object): each item is
    /// one "line" numbered by its position, so the same counts, duplicate removal, special-purpose checks and
    /// per-item rejection reasons apply as to a text list. Throws <see cref="IndicatorListException"/> when no item
    /// holds a usable address.
    /// </summary>
    public static IndicatorList FromItems(string source, IEnumerable<IntakeItem> items, IndicatorListOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        options ??= IndicatorListOptions.Default;
        var state = new State(source, options);
        foreach (var item in items)
        {
            state.Lines++;
            switch (item)
            {
                case { Address: { } address }:
                    state.Accept(item.Number, item.Text, address.AsSpan().Trim());
                    break;
                case { Rejection: { } reason }:
                    state.Reject(item.Number, item.Text, reason);
                    break;
                default:
                    state.Skipped++;
                    break;
            }
        }

        return state.Finish();
    }

    private static int FindColumn(string source, ReadOnlySpan<char> header, string column, long line)
    {
        var names = Csv.Split(header)
            ?? throw new IndicatorListException(new Grondslag.Domain.Text.LocalText($"{source}, line {line}: the CSV header is malformed; quote fields as in RFC 4180.", $"{source}, regel {line}: de CSV-kopregel is onjuist gevormd; zet velden tussen aanhalingstekens zoals in RFC 4180."));
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i].Trim(), column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        var has = string.Join(", ", names.Select(n => $"'{n}'"));
        throw new IndicatorListException(new Grondslag.Domain.Text.LocalText(
            $"{source}, line {line}: the CSV header has no column '{column}' (it has: {has}); name the address column with the CSV column option.",
            $"{source}, regel {line}: de CSV-kopregel heeft geen kolom '{column}' (wel: {has}); noem de adreskolom met de optie voor de CSV-kolom."));
    }

    private sealed class State(string source, IndicatorListOptions options)
    {
        private readonly GrowableArray<uint> _v4 = new();
        private readonly GrowableArray<UInt128> _v6 = new();
        private readonly Dictionary<IpAddress, NotAttributableAddress> _notAttributable = [];
        private readonly Dictionary<IpPrefix, IndicatorRange> _ranges = [];
        private readonly List<RejectedLine> _rejected = [];
        private long _rejectedCount;
        private long _notAttributableLines;
        private long _rangeLines;

        public long Lines;
        public long Skipped;

        public void Accept(long number, ReadOnlySpan<char> raw, ReadOnlySpan<char> token)
        {
            if (token.IndexOfAny(" \t,;") >= 0)
            {
                Reject(number, raw, LineRejections.TextAfterAddress);
                return;
            }

            var slash = token.IndexOf('/');
            IpAddress address;
            AddressSyntaxError error;
            if (slash >= 0)
            {
                if (!IpAddressParser.TryParsePrefix(token, out var prefix, out error))
                {
                    Reject(number, raw, LineRejections.Of(error));
                    return;
                }

                if (prefix.Length != (prefix.Network.IsIPv4 ? 32 : 128))
                {
                    _rangeLines++;
                    _ranges.TryAdd(prefix, new IndicatorRange(number, prefix));
                    return;
                }

                address = prefix.Network;
            }
            else if (!IpAddressParser.TryParseAddress(token, out address, out error))
            {
                Reject(number, raw, LineRejections.Of(error));
                return;
            }

            if (SpecialPurposeAddresses.NotGloballyReachable(address) is { } block)
            {
                _notAttributableLines++;
                if (!_notAttributable.ContainsKey(address))
                {
                    _notAttributable[address] = new NotAttributableAddress(number, address, $"not globally reachable: {block.Name}, {block.Prefix} ({block.Reference})");
                }

                return;
            }

            if (address.IsIPv4)
            {
                _v4.Add(address.IPv4Value);
            }
            else
            {
                _v6.Add(address.Value);
            }
        }

        public void Reject(long number, ReadOnlySpan<char> raw, LineRejection reason)
        {
            _rejectedCount++;
            if (_rejected.Count < options.MaxReportedLines)
            {
                _rejected.Add(new RejectedLine(number, Shorten(raw), reason));
            }
        }

        public IndicatorList Finish()
        {
            var v4 = _v4.AsSpan();
            var v6 = _v6.AsSpan();
            RadixSort.Sort(v4);
            v6.Sort();
            var v4Unique = DistinctInPlace(v4);
            var v6Unique = DistinctInPlace(v6);

            // Merge into one ascending array: IPv4 lives in ::ffff:0:0/96, so IPv6 values fall before or after it.
            var all = new IpAddress[v4Unique + v6Unique];
            var mappedBase = IpAddress.FromIPv4(0).Value;
            var below = 0;
            while (below < v6Unique && v6[below] < mappedBase)
            {
                below++;
            }

            var k = 0;
            for (var i = 0; i < below; i++)
            {
                all[k++] = IpAddress.FromIPv6(v6[i]);
            }

            for (var i = 0; i < v4Unique; i++)
            {
                all[k++] = IpAddress.FromIPv4(v4[i]);
            }

            for (var i = below; i < v6Unique; i++)
            {
                all[k++] = IpAddress.FromIPv6(v6[i]);
            }

            var notAttributable = _notAttributable.Values.OrderBy(n => n.Line).ToList();
            var addressLines = _v4.Count + _v6.Count + _notAttributableLines;
            var result = new IndicatorList
            {
                Source = source,
                Lines = Lines,
                SkippedLines = Skipped,
                AddressLines = addressLines,
                Duplicates = addressLines - all.Length - notAttributable.Count,
                Attributable = ImmutableCollectionsMarshal.AsImmutableArray(all),
                NotAttributableCount = notAttributable.Count,
                NotAttributable = [.. notAttributable.Take(options.MaxReportedLines)],
                RangeLines = _rangeLines,
                Ranges = [.. _ranges.Values.OrderBy(r => r.Line)],
                RejectedCount = _rejectedCount,
                Rejected = [.. _rejected],
            };

            if (result.Accepted == 0)
            {
                throw new IndicatorListException(NoUsableAddressMessage(result));

            }

            return result;
        }

        private static Grondslag.Domain.Text.LocalText NoUsableAddressMessage(IndicatorList list)
        {
            var parts = new List<string>
            {
                string.Create(CultureInfo.InvariantCulture, $"{list.Lines} line(s), {list.SkippedLines} blank/comment/header"),
            };
            var partsNl = new List<string>
            {
                string.Create(CultureInfo.InvariantCulture, $"{list.Lines} regel(s), {list.SkippedLines} leeg/commentaar/kopregel"),
            };
            if (list.RejectedCount > 0)
            {
                var first = list.Rejected[0];
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{list.RejectedCount} rejected (first: line {first.Line} '{first.Text}': {first.Rejection.Text.En})"));
                partsNl.Add(string.Create(CultureInfo.InvariantCulture, $"{list.RejectedCount} geweigerd (eerste: regel {first.Line} '{first.Text}': {first.Rejection.Text.Nl})"));
            }

            if (list.NotAttributableCount > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{list.NotAttributableCount} not globally reachable"));
                partsNl.Add(string.Create(CultureInfo.InvariantCulture, $"{list.NotAttributableCount} niet wereldwijd bereikbaar"));
            }

            if (list.Ranges.Length > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{list.Ranges.Length} range(s), which are reported but not attributed"));
                partsNl.Add(string.Create(CultureInfo.InvariantCulture, $"{list.Ranges.Length} reeks(en), die gemeld maar niet toegerekend worden"));
            }

            return new($"{list.Source} contains no usable address ({string.Join("; ", parts)}). Expected one globally reachable IPv4 address (a.b.c.d) or IPv6 address per line.",
                $"{list.Source} bevat geen bruikbaar adres ({string.Join("; ", partsNl)}). Verwacht: één wereldwijd bereikbaar IPv4-adres (a.b.c.d) of IPv6-adres per regel.");
        }

        private static int DistinctInPlace<T>(Span<T> sorted)
            where T : IEquatable<T>
        {
            if (sorted.Length == 0)
            {
                return 0;
            }

            var write = 1;
            for (var read = 1; read < sorted.Length; read++)
            {
                if (!sorted[read].Equals(sorted[write - 1]))
                {
                    sorted[write++] = sorted[read];
                }
            }

            return write;
        }

        private static string Shorten(ReadOnlySpan<char> raw)
        {
            var text = raw.TrimEnd("\r\n");
            return text.Length <= MaxShownText ? text.ToString() : string.Concat(text[..MaxShownText], "…");
        }
    }

    /// <summary>A list of unmanaged values without per-item overhead, exposed as a span.</summary>
    private sealed class GrowableArray<T>
        where T : unmanaged
    {
        private T[] _items = new T[1024];

        public int Count { get; private set; }

        public void Add(T item)
        {
            if (Count == _items.Length)
            {
                Array.Resize(ref _items, _items.Length * 2);
            }

            _items[Count++] = item;
        }

        public Span<T> AsSpan() => _items.AsSpan(0, Count);
    }

    /// <summary>Reads lines from a <see cref="TextReader"/> in large blocks, without a string per line.</summary>
    private sealed class LineSplitter(TextReader reader)
    {
        private char[] _buffer = new char[1 << 16];
        private int _start;
        private int _end;
        private bool _eof;

        public bool TryRead(out ReadOnlySpan<char> line)
        {
            while (true)
            {
                var newline = _buffer.AsSpan(_start, _end - _start).IndexOf('\n');
                if (newline >= 0)
                {
                    line = _buffer.AsSpan(_start, newline);
                    _start += newline + 1;
                    return true;
                }

                if (_eof)
                {
                    if (_start < _end)
                    {
                        line = _buffer.AsSpan(_start, _end - _start);
                        _start = _end;
                        return true;
                    }

                    line = default;
                    return false;
                }

                Fill();
            }
        }

        private void Fill()
        {
            var pending = _end - _start;
            if (_start > 0)
            {
                Array.Copy(_buffer, _start, _buffer, 0, pending);
            }
            else if (pending == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            _start = 0;
            _end = pending;
            var read = reader.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _eof = true;
            }

            _end += read;
        }
    }
}
