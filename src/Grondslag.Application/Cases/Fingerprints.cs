using System.Security.Cryptography;
using System.Text;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Parties;

namespace Grondslag.Application.Cases;

/// <summary>
/// What a share's addresses are, as a SHA-256 fingerprint a later plan version can compare (sorted, so the order of
/// the list does not matter). The recipient's registry entry has its own: <see cref="PartyFingerprint.Of"/>.
/// </summary>
public static class Fingerprints
{
    public static string Addresses(IEnumerable<IpAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        return Sha256(string.Join('\n', addresses.Select(a => a.ToString()).Order(StringComparer.Ordinal)));
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
