using System.Globalization;
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
    public static string Party(Party party)
    {
        ArgumentNullException.ThrowIfNull(party);
        var text = new StringBuilder();
        void Line(string key, object? value) => text.Append(key).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\n');
        Line("id", party.Id);
        Line("name", party.Name);
        Line("kind", party.Kind.ToWire());
        Line("country", party.Country);
        Line("example", party.Example);
        foreach (var c in party.Channels)
        {
            Line("channel", $"{c.Kind}|{c.Address}|{c.OpenPgpFingerprint}");
        }

        foreach (var c in party.Contacts)
        {
            Line("contact", $"{c.Name}|{c.Role}|{c.Email}|{c.Phone}");
        }

        foreach (var c in party.Constituency.Countries.IsDefault ? [] : party.Constituency.Countries)
        {
            Line("constituency.country", c);
        }

        foreach (var a in party.Constituency.Asns.IsDefault ? [] : party.Constituency.Asns)
        {
            Line("constituency.asn", a);
        }

        foreach (var p in party.Constituency.Prefixes.IsDefault ? [] : party.Constituency.Prefixes)
        {
            Line("constituency.prefix", p);
        }

        if (party.Designation is { } d)
        {
            Line("designation", $"{d.Reference}|{d.Validity}");
        }

        foreach (var a in party.Arrangements)
        {
            Line("arrangement", $"{a.Name}|{a.Reference}|{a.Validity}|{a.Example}");
        }

        return Sha256(text.ToString());
    }

    public static string Addresses(IEnumerable<IpAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        return Sha256(string.Join('\n', addresses.Select(a => a.ToString()).Order(StringComparer.Ordinal)));
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
