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
        while (lines.TryRead(out var raw))
        {
            var number = ++state.Lines;
            if (options.Progress is { } progress && number % options.ProgressInterval == 0)
            {
                progress(number);
            }

            ReadLine(state, number, raw, number == 1, ref csvColumn);
        }

        return Finish(state, csvColumn);
    }

    /// <summary>
    /// One line as text: blank and comment lines skipped, the CSV header found (its column index kept in
    /// <paramref name="csvColumn"/>), the address or block taken from the line or its CSV field, or the line rejected with
    /// the reason. Every line of every path (text reader, or bytes that are not a plain dotted quad) goes through here.
    /// </summary>
    private static void ReadLine(State state, long number, ReadOnlySpan<char> raw, bool firstLine, ref int csvColumn)
    {
        var options = state.Options;
        var line = raw.Trim();
        if (firstLine && line.Length > 0 && line[0] == '\uFEFF')
        {
            line = line[1..].Trim();
        }

        if (line.IsEmpty || line[0] == '#')
        {
            state.Skipped++;
            return;
        }

        ReadOnlySpan<char> token;
        if (options.CsvColumn is not null)
        {
            if (csvColumn < 0)
            {
                csvColumn = FindColumn(state.Source, line, options.CsvColumn, number);
                state.Skipped++;
                return;
            }

            if (!Csv.TryGetField(line, csvColumn, out token, out _))
            {
                state.Reject(number, raw, Csv.Split(line) is { } fields
                    ? LineRejection.Of("csv-missing-field",
                        $"this row has {fields.Count} field(s) but column '{options.CsvColumn}' is field {csvColumn + 1}; give every row all header columns",
                        $"deze rij heeft {fields.Count} veld(en) maar kolom '{options.CsvColumn}' is veld {csvColumn + 1}; geef elke rij alle kolommen van de kopregel")
                    : LineRejections.MalformedCsv);
                return;
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

    private static IndicatorList Finish(State state, int csvColumn)
    {
        if (state.Options.CsvColumn is { } column && csvColumn < 0)
        {
            throw new IndicatorListException(new Grondslag.Domain.Text.LocalText($"{state.Source}: no CSV header row found; the first non-comment line must name the columns, one of them '{column}'.",
                $"{state.Source}: geen CSV-kopregel gevonden; de eerste regel die geen commentaar is moet de kolommen noemen, waaronder '{column}'."));
        }

        return state.Finish();
    }

    /// <summary>
    /// Parses a file: UTF-8 (with or without a byte order mark) read as bytes, in blocks split at line boundaries and
    /// parsed on all cores; a file with a UTF-16 or UTF-32 byte order mark is read as text. The result, line numbers and
    /// reasons included, is the same as <see cref="Parse(string, TextReader, IndicatorListOptions?)"/> gives.
    /// </summary>
    public static IndicatorList ParseFile(string path, IndicatorListOptions? options = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return Parse(path, stream, options);
    }

    /// <summary>
    /// Parses a stream of UTF-8 bytes as <see cref="ParseFile"/> does (a UTF-16 or UTF-32 byte order mark: read as text).
    /// </summary>
    public static IndicatorList Parse(string source, Stream stream, IndicatorListOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= IndicatorListOptions.Default;
        return new Utf8Reader(source, stream, options).Read();
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

        public string Source => source;

        public IndicatorListOptions Options => options;

        /// <summary>Forgets everything, to read the next block (a chunk's state is reused).</summary>
        public void Clear()
        {
            _v4.Clear();
            _v6.Clear();
            _notAttributable.Clear();
            _ranges.Clear();
            _rejected.Clear();
            _rejectedCount = 0;
            _notAttributableLines = 0;
            _rangeLines = 0;
            Lines = 0;
            Skipped = 0;
        }

        /// <summary>
        /// Appends what a later chunk read, its line numbers counted from <paramref name="lineBase"/> + 1: the first
        /// occurrence of an address or block stays the first, and the first rejected lines stay the ones kept.
        /// </summary>
        public void Append(State chunk, long lineBase)
        {
            Lines += chunk.Lines;
            Skipped += chunk.Skipped;
            _v4.AddRange(chunk._v4.AsSpan());
            _v6.AddRange(chunk._v6.AsSpan());
            _notAttributableLines += chunk._notAttributableLines;
            foreach (var (address, entry) in chunk._notAttributable)
            {
                if (!_notAttributable.ContainsKey(address))
                {
                    _notAttributable[address] = entry with { Line = entry.Line + lineBase };
                }
            }

            _rangeLines += chunk._rangeLines;
            foreach (var (prefix, range) in chunk._ranges)
            {
                if (!_ranges.ContainsKey(prefix))
                {
                    _ranges[prefix] = range with { Line = range.Line + lineBase };
                }
            }

            _rejectedCount += chunk._rejectedCount;
            for (var i = 0; i < chunk._rejected.Count && _rejected.Count < options.MaxReportedLines; i++)
            {
                _rejected.Add(chunk._rejected[i] with { Line = chunk._rejected[i].Line + lineBase });
            }
        }

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

            AcceptAddress(number, address);
        }

        /// <summary>A valid IPv4 address (the common case, without 128-bit arithmetic): as <see cref="AcceptAddress"/>.</summary>
        public void AcceptIPv4(long number, uint value)
        {
            if (SpecialPurposeAddresses.NotGloballyReachableIPv4(value) is null)
            {
                _v4.Add(value);
            }
            else
            {
                AcceptAddress(number, IpAddress.FromIPv4(value));
            }
        }

        /// <summary>A valid single address: kept for attribution, or counted as not globally reachable.</summary>
        public void AcceptAddress(long number, IpAddress address)
        {
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

    /// <summary>
    /// Reads UTF-8 bytes in blocks of whole lines and parses each block in chunks on all cores, each chunk into a state of
    /// its own with line numbers counted from the chunk's start; the chunks are then appended in order, so every number,
    /// first occurrence and kept rejection is the one a line-by-line read gives. A line that is a plain dotted quad is
    /// parsed from its bytes; any other line is decoded and read as text by <see cref="ReadLine"/>.
    /// </summary>
    private sealed class Utf8Reader(string source, Stream stream, IndicatorListOptions options)
    {
        private readonly State _state = new(source, options);
        private byte[] _buffer = new byte[Math.Max(16, options.BlockBytes)];
        private int _filled;
        private bool _eof;
        private int _csvColumn = -1;
        private State[] _chunks = [];

        public IndicatorList Read()
        {
            var start = FillFirst();
            if (start < 0)
            {
                return ReadAsText();
            }

            var nextProgress = (long)options.ProgressInterval;
            while (true)
            {
                var end = _eof ? _filled : _buffer.AsSpan(start, _filled - start).LastIndexOf((byte)'\n') + start + 1;
                if (end <= start && !_eof)
                {
                    // A line longer than the buffer: read on in a larger one.
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                    Fill();
                    continue;
                }

                ReadBlock(start, end);
                if (options.Progress is { } progress && _state.Lines >= nextProgress)
                {
                    progress(_state.Lines);
                    nextProgress = (_state.Lines / options.ProgressInterval + 1) * options.ProgressInterval;
                }

                if (_eof)
                {
                    break;
                }

                _buffer.AsSpan(end, _filled - end).CopyTo(_buffer);
                _filled -= end;
                start = 0;
                Fill();
            }

            return Finish(_state, _csvColumn);
        }

        /// <summary>Fills the first block; the offset after a UTF-8 byte order mark, or -1 for a UTF-16/UTF-32 one.</summary>
        private int FillFirst()
        {
            Fill();
            var head = _buffer.AsSpan(0, _filled);
            if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                return 3;
            }

            return head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF])
                ? -1
                : 0;
        }

        /// <summary>Text in another encoding: the text reader's way, from the bytes already read and the rest.</summary>
        private IndicatorList ReadAsText()
        {
            using var all = new MemoryStream();
            all.Write(_buffer, 0, _filled);
            stream.CopyTo(all);
            all.Position = 0;
            using var reader = new StreamReader(all, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return Parse(source, reader, options);
        }

        private void Fill()
        {
            while (!_eof && _filled < _buffer.Length)
            {
                var read = stream.Read(_buffer, _filled, _buffer.Length - _filled);
                if (read == 0)
                {
                    _eof = true;
                }

                _filled += read;
            }
        }

        /// <summary>Reads the whole lines in <c>_buffer[start..end]</c>.</summary>
        private void ReadBlock(int start, int end)
        {
            // Until the CSV header is found, line by line: every later line needs its column.
            while (options.CsvColumn is not null && _csvColumn < 0 && start < end)
            {
                ReadOnlySpan<byte> rest = _buffer.AsSpan(start, end - start);
                var line = NextLine(ref rest);
                start = end - rest.Length;
                var number = ++_state.Lines;
                ReadBytes(_state, number, line, number == 1, ref _csvColumn);
            }

            if (start >= end)
            {
                return;
            }

            var length = end - start;
            var count = Math.Clamp(length / Math.Max(1, options.MinChunkBytes), 1, Math.Max(1, options.Workers));
            if (_chunks.Length < count)
            {
                var chunks = new State[count];
                _chunks.CopyTo(chunks, 0);
                for (var i = _chunks.Length; i < count; i++)
                {
                    chunks[i] = new State(source, options);
                }

                _chunks = chunks;
            }

            // Chunk boundaries just after a line feed, so every chunk holds whole lines.
            var bounds = new int[count + 1];
            bounds[0] = start;
            bounds[count] = end;
            for (var i = 1; i < count; i++)
            {
                var from = Math.Max(bounds[i - 1], start + (int)((long)length * i / count));
                var newline = _buffer.AsSpan(from, end - from).IndexOf((byte)'\n');
                bounds[i] = newline < 0 ? end : from + newline + 1;
            }

            var firstLine = _state.Lines == 0;
            var column = _csvColumn;
            var buffer = _buffer;
            var all = _chunks;
            if (count == 1)
            {
                ReadChunk(all[0], buffer.AsSpan(start, length), firstLine, column);
            }
            else
            {
                Parallel.For(0, count, i => ReadChunk(all[i], buffer.AsSpan(bounds[i], bounds[i + 1] - bounds[i]), firstLine && i == 0, column));
            }

            for (var i = 0; i < count; i++)
            {
                _state.Append(all[i], _state.Lines);
            }
        }

        private static void ReadChunk(State chunk, ReadOnlySpan<byte> bytes, bool firstLine, int csvColumn)
        {
            chunk.Clear();
            while (!bytes.IsEmpty)
            {
                var line = NextLine(ref bytes);
                var number = ++chunk.Lines;
                ReadBytes(chunk, number, line, firstLine && number == 1, ref csvColumn);
            }
        }

        private static ReadOnlySpan<byte> NextLine(ref ReadOnlySpan<byte> bytes)
        {
            var newline = bytes.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line;
            if (newline < 0)
            {
                line = bytes;
                bytes = default;
            }
            else
            {
                line = bytes[..newline];
                bytes = bytes[(newline + 1)..];
            }

            return line;
        }

        private static void ReadBytes(State state, long number, ReadOnlySpan<byte> line, bool firstLine, ref int csvColumn)
        {
            if (state.Options.CsvColumn is null && TryDottedQuad(line, out var value))
            {
                state.AcceptIPv4(number, value);
                return;
            }

            var length = System.Text.Encoding.UTF8.GetMaxCharCount(line.Length);
            char[]? rented = null;
            Span<char> chars = length <= 512 ? stackalloc char[512] : (rented = System.Buffers.ArrayPool<char>.Shared.Rent(length));
            var written = System.Text.Encoding.UTF8.GetChars(line, chars);
            ReadLine(state, number, chars[..written], firstLine, ref csvColumn);
            if (rented is not null)
            {
                System.Buffers.ArrayPool<char>.Shared.Return(rented);
            }
        }

        /// <summary>
        /// A line that is exactly a strict dotted quad (four decimal octets 0-255 without leading zeros), with at most spaces,
        /// tabs and a carriage return around it. Anything else is left to the text path, which accepts the same addresses.
        /// </summary>
        private static bool TryDottedQuad(ReadOnlySpan<byte> line, out uint value)
        {
            value = 0;
            var i = 0;
            var end = line.Length;
            while (end > 0 && line[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r')
            {
                end--;
            }

            while (i < end && line[i] is (byte)' ' or (byte)'\t')
            {
                i++;
            }

            for (var part = 0; part < 4; part++)
            {
                if (part > 0)
                {
                    if (i >= end || line[i] != (byte)'.')
                    {
                        return false;
                    }

                    i++;
                }

                var start = i;
                var octet = 0u;
                while (i < end && i - start < 4 && unchecked((uint)(line[i] - (byte)'0')) <= 9)
                {
                    octet = (octet * 10) + (uint)(line[i] - (byte)'0');
                    i++;
                }

                var digits = i - start;
                if (digits is 0 or > 3 || octet > 255 || (digits > 1 && line[start] == (byte)'0'))
                {
                    return false;
                }

                value = unchecked(value << 8) | octet;
            }

            return i == end;
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

        public void AddRange(ReadOnlySpan<T> items)
        {
            if (Count + items.Length > _items.Length)
            {
                var size = _items.Length;
                while (size < Count + items.Length)
                {
                    size *= 2;
                }

                Array.Resize(ref _items, size);
            }

            items.CopyTo(_items.AsSpan(Count));
            Count += items.Length;
        }

        public void Clear() => Count = 0;
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
