using System.Security.Cryptography;
using System.Text;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Parties;

namespace Grondslag.Application.Cases;

/// <summary>
/// What a share's content is, as SHA-256 fingerprints a later plan version can compare: the recipient's registry
/// entry (everything delivery uses: contacts, channels and keys, constituency, designation, arrangements) and the
/// share's addresses (sorted, so the order of the list does not matter).
/// </summary>
public static class Fingerprints
{
    /// <summary>The recipient's registry entry: the gate's <see cref="PartyFingerprint.Of"/>, one definition for both.</summary>
    public static string Party(Party party) => PartyFingerprint.Of(party);

    public static string Addresses(IEnumerable<IpAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        return Sha256(string.Join('\n', addresses.Select(a => a.ToString()).Order(StringComparer.Ordinal)));
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
