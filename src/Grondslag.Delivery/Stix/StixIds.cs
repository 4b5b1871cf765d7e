using System.Security.Cryptography;
using System.Text;

namespace Grondslag.Delivery.Stix;

/// <summary>
/// Deterministic STIX identifiers: UUIDv5 (RFC 9562 §5.5) so that republishing a share (or revoking it)
/// reuses the same ids, and SCO ids as STIX 2.1 §2.9 prescribes them.
/// </summary>
public static class StixIds
{
    /// <summary>The namespace STIX 2.1 §2.9 fixes for the UUIDv5 ids of cyber-observable objects.</summary>
    public static readonly Guid ScoNamespace = new("00abedb4-aa42-466c-9c01-fed23315a9b7");

    /// <summary>Grondslag's own namespace for the ids of the objects it creates (SDOs, bundles, MISP events).</summary>
    public static readonly Guid GrondslagNamespace = new("6c0a4f0e-5a43-4f6b-9b1a-3f7d0e9c2d11");

    /// <summary>A UUIDv5 of a name in a namespace.</summary>
    public static Guid UuidV5(Guid space, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        // Namespace and name in one buffer, on the stack for the usual short names (one id per STIX object).
        var length = 16 + Encoding.UTF8.GetByteCount(name);
        Span<byte> input = length <= 512 ? stackalloc byte[length] : new byte[length];
        space.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input[16..]);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for UUIDv5; it is a name hash here, not a signature.
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    /// <summary>The id of an SDO (or bundle, note …) Grondslag makes for a share, e.g. <c>indicator--…</c>.</summary>
    public static string ForShare(string type, string shareId, string part) =>
        $"{type}--{UuidV5(GrondslagNamespace, $"{shareId}/{type}/{part}"):D}";

    /// <summary>The id of an SCO from its id-contributing properties serialised as canonical JSON (RFC 8785).</summary>
    public static string ForObservable(string type, string canonicalContributingProperties) =>
        $"{type}--{UuidV5(ScoNamespace, canonicalContributingProperties):D}";
}
