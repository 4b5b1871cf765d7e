using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Grondslag.Attribution.Data;

namespace Grondslag.Attribution.Tables;

/// <summary>
/// The compact binary form of the country and ASN tables, written next to the data so that later processes
/// load them in milliseconds. Layout (little-endian): magic <c>GRDSLAG-TABLES</c>, format version, the
/// SHA-256 of the sources it was built from, the SHA-256 of the payload, then the payload (identities,
/// string tables and raw arrays). A file with another version, other sources or a bad checksum is refused.
/// </summary>
public static class TableCache
{
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "GRDSLAG-TABLES\0\0"u8.ToArray();

    public static void Write(string path, string sourceHash, CountryTable countries, AsnTable asns)
    {
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            WriteIdentity(w, countries.Dataset);
            WriteStrings(w, [.. countries.Codes]);
            WriteArray(w, countries.IPv4Starts);
            WriteArray(w, countries.IPv4Values);
            WriteArray(w, countries.IPv6Starts);
            WriteArray(w, countries.IPv6Values);

            WriteIdentity(w, asns.Dataset);
            WriteStrings(w, asns.Organisations);
            WriteArray(w, asns.RecordAsn);
            WriteArray(w, asns.RecordOrganisation);
            WriteArray(w, asns.IPv4Starts);
            WriteArray(w, asns.IPv4Values);
            WriteArray(w, asns.IPv6Starts);
            WriteArray(w, asns.IPv6Values);
        }

        var body = payload.GetBuffer().AsSpan(0, (int)payload.Length);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var file = File.Create(temporary))
        {
            file.Write(Magic);
            file.Write(BitConverter.GetBytes(FormatVersion));
            file.Write(Convert.FromHexString(sourceHash));
            file.Write(SHA256.HashData(body));
            file.Write(body);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads the tables if the file exists, is intact and was built from <paramref name="sourceHash"/>.</summary>
    public static bool TryRead(string path, string sourceHash, out CountryTable? countries, out AsnTable? asns, out string? problem)
    {
        countries = null;
        asns = null;
        if (!File.Exists(path))
        {
            problem = "no cache file";
            return false;
        }

        var bytes = File.ReadAllBytes(path);
        const int HeaderLength = 16 + 4 + 32 + 32;
        if (bytes.Length < HeaderLength || !bytes.AsSpan(0, 16).SequenceEqual(Magic))
        {
            problem = "not a table cache file";
            return false;
        }

        if (MemoryMarshal.Read<int>(bytes.AsSpan(16, 4)) != FormatVersion)
        {
            problem = "written by another format version";
            return false;
        }

        if (!bytes.AsSpan(20, 32).SequenceEqual(Convert.FromHexString(sourceHash)))
        {
            problem = "built from other data (stale)";
            return false;
        }

        var body = bytes.AsSpan(HeaderLength);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(52, 32)))
        {
            problem = "checksum mismatch (corrupt)";
            return false;
        }

        try
        {
            var r = new SpanReader(bytes, HeaderLength);
            var countryDataset = r.Identity();
            var codes = r.Strings();
            countries = new CountryTable(countryDataset, codes, r.Array<uint>(), r.Array<ushort>(), r.Array<UInt128>(), r.Array<ushort>());
            var asnDataset = r.Identity();
            var organisations = r.Strings();
            asns = new AsnTable(asnDataset, organisations, r.Array<uint>(), r.Array<int>(), r.Array<uint>(), r.Array<int>(), r.Array<UInt128>(), r.Array<int>());
            problem = null;
            return true;
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or ArgumentOutOfRangeException or FormatException)
        {
            countries = null;
            asns = null;
            problem = $"unreadable ({e.Message})";
            return false;
        }
    }

    private static void WriteIdentity(BinaryWriter w, DatasetIdentity identity) =>
        WriteStrings(w, [identity.Name, identity.Version, identity.Sha256]);

    private static void WriteStrings(BinaryWriter w, string[] strings)
    {
        w.Write(strings.Length);
        foreach (var s in strings)
        {
            w.Write(s);
        }
    }

    private static void WriteArray<T>(BinaryWriter w, T[] array)
        where T : unmanaged
    {
        w.Write(array.Length);
        w.Write(MemoryMarshal.AsBytes(array.AsSpan()));
    }

    private sealed class SpanReader(byte[] bytes, int position)
    {
        private int _position = position;

        public DatasetIdentity Identity()
        {
            var parts = Strings();
            return parts.Length == 3 ? new DatasetIdentity(parts[0], parts[1], parts[2]) : throw new FormatException("bad dataset identity");
        }

        public string[] Strings()
        {
            var count = Int();
            var result = new string[count];
            using var stream = new MemoryStream(bytes, _position, bytes.Length - _position);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            for (var i = 0; i < count; i++)
            {
                result[i] = reader.ReadString();
            }

            _position += (int)stream.Position;
            return result;
        }

        public T[] Array<T>()
            where T : unmanaged
        {
            var count = Int();
            var length = checked(count * Marshal.SizeOf<T>());
            var result = MemoryMarshal.Cast<byte, T>(bytes.AsSpan(_position, length)).ToArray();
            _position += length;
            return result;
        }

        private int Int()
        {
            var value = MemoryMarshal.Read<int>(bytes.AsSpan(_position, 4));
            _position += 4;
            return value >= 0 ? value : throw new FormatException("negative length");
        }
    }
}
