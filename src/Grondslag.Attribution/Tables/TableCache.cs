using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using Grondslag.Attribution.Data;

namespace Grondslag.Attribution.Tables;

/// <summary>
/// The compact binary form of the country and ASN tables, written next to the data and memory-mapped by later
/// processes: nothing is parsed or copied at start, a lookup reads the mapped arrays in place (the /24 direct
/// tables and the top indexes included, so nothing is built at load either).
/// <para>Layout (little-endian): a 128-byte header — magic <c>GRDSLAG-TABLES</c>, format version, the SHA-256 of
/// the sources it was built from, the payload length, where the metadata lies, and a CRC-32C checksum of the
/// payload in four quarters — then the raw arrays, each aligned to 64 bytes, then the metadata (dataset
/// identities, string tables, and the offset and length of every array). A file with another version, other
/// sources, another length or a bad checksum is refused, and <see cref="AddressTables.Load"/> rebuilds it.</para>
/// </summary>
public static class TableCache
{
    public const int FormatVersion = 2;

    private const int HeaderLength = 128;
    private const int Alignment = 64;
    private const int SourceHashAt = 24;
    private const int PayloadLengthAt = 56;
    private const int MetadataOffsetAt = 64;
    private const int MetadataLengthAt = 72;
    private const int ChecksumAt = 76;

    private static readonly byte[] Magic = "GRDSLAG-TABLES\0\0"u8.ToArray();

    public static void Write(string path, string sourceHash, CountryTable countries, AsnTable asns)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20))
            {
                file.Write(new byte[HeaderLength]);
                using var metadata = new MemoryStream();
                using (var w = new BinaryWriter(metadata, Encoding.UTF8, leaveOpen: true))
                {
                    WriteIdentity(w, countries.Dataset);
                    WriteStrings(w, [.. countries.Codes]);
                    WriteRanges(file, w, countries.Ranges);
                    WriteIdentity(w, asns.Dataset);
                    WriteStrings(w, asns.Organisations);
                    WriteColumn(file, w, asns.RecordAsn);
                    WriteColumn(file, w, asns.RecordOrganisation);
                    WriteRanges(file, w, asns.Ranges);
                }

                Pad(file);
                var metadataOffset = file.Position;
                file.Write(metadata.GetBuffer().AsSpan(0, (int)metadata.Length));

                var header = new byte[HeaderLength];
                Magic.CopyTo(header, 0);
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), FormatVersion);
                Convert.FromHexString(sourceHash).CopyTo(header, SourceHashAt);
                BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(PayloadLengthAt), file.Length - HeaderLength);
                BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(MetadataOffsetAt), metadataOffset);
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(MetadataLengthAt), (int)metadata.Length);
                file.Position = 0;
                file.Write(header);
                file.Flush();
            }

            // The checksum is computed over the bytes as they lie in the file, the way a reader checks them.
            var mapped = new MappedFile(temporary);
            var checksum = Checksum(mapped);
            GC.KeepAlive(mapped);
            using (var file = new FileStream(temporary, FileMode.Open, FileAccess.Write))
            {
                file.Position = ChecksumAt;
                file.Write(checksum);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Maps the tables if the file exists, is intact and was built from <paramref name="sourceHash"/>.</summary>
    public static bool TryRead(string path, string sourceHash, out CountryTable? countries, out AsnTable? asns, out string? problem)
    {
        countries = null;
        asns = null;
        if (!File.Exists(path))
        {
            problem = "no cache file";
            return false;
        }

        if (new FileInfo(path).Length < HeaderLength)
        {
            problem = "not a table cache file";
            return false;
        }

        MappedFile file;
        try
        {
            file = new MappedFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"unreadable ({e.Message})";
            return false;
        }

        var header = file.Bytes(0, HeaderLength);
        if (!header[..16].SequenceEqual(Magic))
        {
            problem = "not a table cache file";
            return false;
        }

        if (BinaryPrimitives.ReadInt32LittleEndian(header[16..]) != FormatVersion)
        {
            problem = "written by another format version";
            return false;
        }

        if (!header.Slice(SourceHashAt, 32).SequenceEqual(Convert.FromHexString(sourceHash)))
        {
            problem = "built from other data (stale)";
            return false;
        }

        if (BinaryPrimitives.ReadInt64LittleEndian(header[PayloadLengthAt..]) != file.Length - HeaderLength
            || !header.Slice(ChecksumAt, 16).SequenceEqual(Checksum(file)))
        {
            problem = "checksum mismatch (corrupt)";
            return false;
        }

        try
        {
            var metadata = file.Bytes(BinaryPrimitives.ReadInt64LittleEndian(header[MetadataOffsetAt..]), BinaryPrimitives.ReadInt32LittleEndian(header[MetadataLengthAt..])).ToArray();
            using var r = new BinaryReader(new MemoryStream(metadata), Encoding.UTF8);
            var countryDataset = ReadIdentity(r);
            var codes = ReadStrings(r);
            countries = new CountryTable(countryDataset, codes, ReadRanges<ushort>(file, r, CountryTable.Mixed));
            var asnDataset = ReadIdentity(r);
            var organisations = ReadStrings(r);
            asns = new AsnTable(asnDataset, organisations, ReadColumn<uint>(file, r), ReadColumn<int>(file, r), ReadRanges<int>(file, r, AsnTable.Mixed));
            problem = null;
            return true;
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or ArgumentOutOfRangeException or FormatException or EndOfStreamException or OverflowException)
        {
            countries = null;
            asns = null;
            problem = $"unreadable ({e.Message})";
            return false;
        }
    }

    /// <summary>CRC-32C of the payload, as four checksums over its four quarters computed side by side (16 bytes).</summary>
    private static unsafe byte[] Checksum(MappedFile file)
    {
        var payload = file.Length - HeaderLength;
        var words = payload / 8;
        var quarter = words / 4;
        var p = (ulong*)(file.Pointer + HeaderLength);
        uint c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        for (long i = 0; i < quarter; i++)
        {
            c0 = BitOperations.Crc32C(c0, p[i]);
            c1 = BitOperations.Crc32C(c1, p[quarter + i]);
            c2 = BitOperations.Crc32C(c2, p[(2 * quarter) + i]);
            c3 = BitOperations.Crc32C(c3, p[(3 * quarter) + i]);
        }

        var tail = (byte*)(p + (4 * quarter));
        var end = file.Pointer + file.Length;
        for (; tail < end; tail++)
        {
            c3 = BitOperations.Crc32C(c3, *tail);
        }

        var result = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(result, c0);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), c1);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(8), c2);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(12), c3);
        return result;
    }

    private static void WriteRanges<T>(FileStream file, BinaryWriter w, RangeTable<T> ranges)
        where T : unmanaged, IEquatable<T>
    {
        WriteColumn(file, w, ranges.V4.Starts);
        WriteColumn(file, w, ranges.V4.Top);
        WriteColumn(file, w, ranges.V4Values);
        WriteColumn(file, w, ranges.Direct);
        WriteColumn(file, w, ranges.V6.Starts);
        WriteColumn(file, w, ranges.V6.Top);
        WriteColumn(file, w, ranges.V6Values);
    }

    private static RangeTable<T> ReadRanges<T>(MappedFile file, BinaryReader r, T mixed)
        where T : unmanaged, IEquatable<T>
    {
        var v4 = new RangeIndex<uint>(ReadColumn<uint>(file, r), ReadColumn<int>(file, r));
        var v4Values = ReadColumn<T>(file, r);
        var direct = ReadColumn<T>(file, r);
        var v6 = new RangeIndex<UInt128>(ReadColumn<UInt128>(file, r), ReadColumn<int>(file, r));
        var v6Values = ReadColumn<T>(file, r);
        CheckTop(v4.Top.Span, v4.Count);
        CheckTop(v6.Top.Span, v6.Count);
        return new RangeTable<T>(v4, v4Values, direct, mixed, v6, v6Values);
    }

    /// <summary>The top index must stay inside the starts, or a lookup would search outside them.</summary>
    private static void CheckTop(ReadOnlySpan<int> top, int count)
    {
        var previous = 0;
        foreach (var entry in top)
        {
            if (entry < previous || entry >= count)
            {
                throw new FormatException("the top index does not fit its ranges");
            }

            previous = entry;
        }
    }

    private static void WriteColumn<T>(FileStream file, BinaryWriter w, Column<T> column)
        where T : unmanaged
    {
        Pad(file);
        w.Write(file.Position);
        w.Write(column.Length);
        file.Write(MemoryMarshal.AsBytes(column.Span));
    }

    private static Column<T> ReadColumn<T>(MappedFile file, BinaryReader r)
        where T : unmanaged
    {
        var offset = r.ReadInt64();
        var length = r.ReadInt32();
        return offset < HeaderLength ? throw new FormatException("an array overlaps the header") : Column<T>.Mapped(file, offset, length);
    }

    private static void Pad(FileStream file)
    {
        var padding = (int)((Alignment - (file.Position % Alignment)) % Alignment);
        if (padding > 0)
        {
            file.Write(new byte[padding]);
        }
    }

    private static void WriteIdentity(BinaryWriter w, DatasetIdentity identity) =>
        WriteStrings(w, [identity.Name, identity.Version, identity.Sha256]);

    private static DatasetIdentity ReadIdentity(BinaryReader r)
    {
        var parts = ReadStrings(r);
        return parts.Length == 3 ? new DatasetIdentity(parts[0], parts[1], parts[2]) : throw new FormatException("bad dataset identity");
    }

    private static void WriteStrings(BinaryWriter w, string[] strings)
    {
        w.Write(strings.Length);
        foreach (var s in strings)
        {
            w.Write(s);
        }
    }

    private static string[] ReadStrings(BinaryReader r)
    {
        var count = r.ReadInt32();
        if (count < 0 || count > r.BaseStream.Length)
        {
            throw new FormatException("bad string count");
        }

        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = r.ReadString();
        }

        return result;
    }
}
