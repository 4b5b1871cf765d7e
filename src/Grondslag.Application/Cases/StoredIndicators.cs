using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Grondslag.Attribution.Routing;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Indicators.Intake;
using Grondslag.Domain.Parties;

namespace Grondslag.Application.Cases;

/// <summary>
/// What parsing an import found, apart from its addresses: the counts (exact) and the first rejected, not-attributable
/// and range items (capped at <see cref="ImportDigest.MaxDetails"/>). Stored once at import, so nothing that reads
/// the import later parses the file again.
/// </summary>
public sealed record ImportDigest(
    IntakeFormat Format,
    long Lines,
    long SkippedLines,
    long AddressLines,
    long Duplicates,
    long NotAttributableCount,
    ImmutableArray<NotAttributableAddress> NotAttributable,
    long RangeLines,
    ImmutableArray<IndicatorRange> Ranges,
    long RejectedCount,
    ImmutableArray<RejectedLine> Rejected)
{
    /// <summary>How many rejected, not-attributable and range items are kept in detail (the case page shows 200).</summary>
    public const int MaxDetails = 200;

    public static ImportDigest Of(IntakeFormat format, IndicatorList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        return new ImportDigest(format, list.Lines, list.SkippedLines, list.AddressLines, list.Duplicates, list.NotAttributableCount,
            [.. list.NotAttributable.Take(MaxDetails)], list.RangeLines, [.. list.Ranges.Take(MaxDetails)], list.RejectedCount, [.. list.Rejected.Take(MaxDetails)]);
    }

    /// <summary>The list as parsing gave it, rebuilt from the stored addresses (details capped at <paramref name="maxReported"/>).</summary>
    public IndicatorList ToList(string source, ImmutableArray<IpAddress> addresses, int maxReported = MaxDetails) => new()
    {
        Source = source,
        Lines = Lines,
        SkippedLines = SkippedLines,
        AddressLines = AddressLines,
        Duplicates = Duplicates,
        Attributable = addresses,
        NotAttributableCount = NotAttributableCount,
        NotAttributable = [.. NotAttributable.Take(maxReported)],
        RangeLines = RangeLines,
        Ranges = Ranges,
        RejectedCount = RejectedCount,
        Rejected = [.. Rejected.Take(maxReported)],
    };
}

/// <summary>One page of a share's stored indicators, and how many the share has in all.</summary>
public sealed record IndicatorPage(int Total, int Offset, ImmutableArray<OutgoingIndicator> Items);

/// <summary>
/// The compact stored form of attributed indicators: chunks of at most <see cref="ChunkSize"/> records of 26 bytes
/// (address as 128 bits, country code as two ASCII bytes or zero, ASN, index into the chunk's organisation names),
/// each chunk self-contained so one page is read without the rest. Also the chunks of a sorted address list (16 bytes each).
/// </summary>
public static class IndicatorChunks
{
    /// <summary>Records per chunk (so a chunk is about 1.7 MB, and a page of a share reads one or two).</summary>
    public const int ChunkSize = 65_536;

    private const int RecordBytes = 26;

    /// <summary>Encodes the share's indicators (indexes into the attributed addresses) as chunks.</summary>
    public static IReadOnlyList<byte[]> Encode(AttributedAddresses attributed, IReadOnlyList<int> indexes)
    {
        ArgumentNullException.ThrowIfNull(attributed);
        ArgumentNullException.ThrowIfNull(indexes);
        var chunks = new List<byte[]>();
        for (var start = 0; start < indexes.Count; start += ChunkSize)
        {
            var count = Math.Min(ChunkSize, indexes.Count - start);
            var records = new OutgoingIndicator[count];
            for (var k = 0; k < count; k++)
            {
                var i = indexes[start + k];
                var asInfo = attributed.AsOf(i);
                records[k] = new OutgoingIndicator(attributed.Addresses[i], attributed.CountryOf(i), asInfo.Asn, asInfo.Organisation);
            }

            chunks.Add(Encode(records));
        }

        return chunks;
    }

    /// <summary>One chunk of indicators.</summary>
    public static byte[] Encode(IReadOnlyList<OutgoingIndicator> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var organisations = new Dictionary<string, int>(StringComparer.Ordinal);
        var orgIndex = new int[records.Count];
        for (var k = 0; k < records.Count; k++)
        {
            var name = records[k].AsOrganisation;
            if (!organisations.TryGetValue(name, out var index))
            {
                index = organisations.Count;
                organisations[name] = index;
            }

            orgIndex[k] = index;
        }

        using var output = new MemoryStream(8 + (records.Count * RecordBytes) + (organisations.Count * 24));
        using var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        writer.Write(records.Count);
        writer.Write(organisations.Count);
        foreach (var name in organisations.OrderBy(o => o.Value).Select(o => o.Key))
        {
            writer.Write(name);
        }

        Span<byte> record = stackalloc byte[RecordBytes];
        for (var k = 0; k < records.Count; k++)
        {
            var r = records[k];
            BinaryPrimitives.WriteUInt64BigEndian(record, unchecked((ulong)(r.Address.Value >> 64)));
            BinaryPrimitives.WriteUInt64BigEndian(record[8..], unchecked((ulong)r.Address.Value));
            var code = r.Country?.Value;
            record[16] = code is { Length: 2 } ? (byte)code[0] : (byte)0;
            record[17] = code is { Length: 2 } ? (byte)code[1] : (byte)0;
            BinaryPrimitives.WriteUInt32LittleEndian(record[18..], r.Asn);
            BinaryPrimitives.WriteInt32LittleEndian(record[22..], orgIndex[k]);
            writer.Write(record);
        }

        writer.Flush();
        return output.ToArray();
    }

    /// <summary>How many records a chunk holds, without decoding it.</summary>
    public static int CountOf(ReadOnlySpan<byte> chunk) => BinaryPrimitives.ReadInt32LittleEndian(chunk);

    /// <summary>Decodes records <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive) of a chunk into <paramref name="into"/>.</summary>
    public static void Decode(byte[] chunk, int from, int to, ICollection<OutgoingIndicator> into)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(into);
        using var input = new MemoryStream(chunk, writable: false);
        using var reader = new BinaryReader(input, Encoding.UTF8);
        var count = reader.ReadInt32();
        var names = new string[reader.ReadInt32()];
        for (var n = 0; n < names.Length; n++)
        {
            names[n] = reader.ReadString();
        }

        var records = (int)input.Position;
        var codes = new Dictionary<int, CountryCode>();
        for (var k = Math.Max(0, from); k < Math.Min(count, to); k++)
        {
            var r = chunk.AsSpan(records + (k * RecordBytes), RecordBytes);
            var value = new UInt128(BinaryPrimitives.ReadUInt64BigEndian(r), BinaryPrimitives.ReadUInt64BigEndian(r[8..]));
            CountryCode? country = null;
            if (r[16] != 0)
            {
                var key = (r[16] << 8) | r[17];
                if (!codes.TryGetValue(key, out var code))
                {
                    code = CountryCode.Parse(string.Create(CultureInfo.InvariantCulture, $"{(char)r[16]}{(char)r[17]}"));
                    codes[key] = code;
                }

                country = code;
            }

            into.Add(new OutgoingIndicator(IpAddress.FromValue(value), country, BinaryPrimitives.ReadUInt32LittleEndian(r[18..]), names[BinaryPrimitives.ReadInt32LittleEndian(r[22..])]));
        }
    }

    /// <summary>A sorted address list as chunks of 16-byte values (the stored form of an import's accepted addresses).</summary>
    public static IEnumerable<byte[]> EncodeAddresses(ImmutableArray<IpAddress> addresses)
    {
        for (var start = 0; start < addresses.Length; start += ChunkSize)
        {
            var count = Math.Min(ChunkSize, addresses.Length - start);
            var chunk = new byte[count * 16];
            for (var k = 0; k < count; k++)
            {
                var value = addresses[start + k].Value;
                BinaryPrimitives.WriteUInt64BigEndian(chunk.AsSpan(k * 16), unchecked((ulong)(value >> 64)));
                BinaryPrimitives.WriteUInt64BigEndian(chunk.AsSpan((k * 16) + 8), unchecked((ulong)value));
            }

            yield return chunk;
        }
    }

    /// <summary>Appends the addresses of one chunk made by <see cref="EncodeAddresses"/>.</summary>
    public static void DecodeAddresses(ReadOnlySpan<byte> chunk, ImmutableArray<IpAddress>.Builder into)
    {
        ArgumentNullException.ThrowIfNull(into);
        for (var offset = 0; offset + 16 <= chunk.Length; offset += 16)
        {
            into.Add(IpAddress.FromValue(new UInt128(BinaryPrimitives.ReadUInt64BigEndian(chunk[offset..]), BinaryPrimitives.ReadUInt64BigEndian(chunk[(offset + 8)..]))));
        }
    }
}

/// <summary>Reading a stored import: from what was stored at import, or (imports stored before that) by parsing the file again.</summary>
internal static class CaseImports
{
    /// <summary>The import's indicator list; parses the stored file only for imports from before the parse result was kept.</summary>
    public static async Task<IndicatorList> ListAsync(ICaseTransaction tx, StoredImport import, int maxReported, CancellationToken cancellationToken)
    {
        if (await tx.ImportDigestAsync(import.Id, cancellationToken).ConfigureAwait(false) is { } digest
            && await tx.ImportAddressesAsync(import.Id, cancellationToken).ConfigureAwait(false) is { } addresses)
        {
            return digest.ToList(import.FileName, addresses, maxReported);
        }

        var bytes = await tx.ImportBytesAsync(import.Id, cancellationToken).ConfigureAwait(false);
        return IndicatorIntake.Addresses(import.FileName, Encoding.UTF8.GetString(bytes), new IndicatorListOptions { MaxReportedLines = maxReported });
    }

    /// <summary>Addresses per country as the attribution gave them (the stored form of a plan's counts).</summary>
    public static ImmutableSortedDictionary<string, int> CountsOf(AttributedAddresses attributed) =>
        attributed.ByCountry.ToImmutableSortedDictionary(c => c.Key.Value, c => c.Value, StringComparer.Ordinal);
}
