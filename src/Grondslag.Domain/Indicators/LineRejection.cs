using Grondslag.Domain.Text;

namespace Grondslag.Domain.Indicators;

/// <summary>
/// Why a line (text, CSV) or item (MISP attribute, STIX object) of an indicator list was refused: a stable
/// <see cref="Code"/> (kebab-case, for programs and the stored import digest) and the text a person reads, in English
/// and Dutch, naming the form that is expected instead.
/// </summary>
public sealed record LineRejection(string Code, LocalText Text)
{
    /// <summary>The code of a reason stored before reasons had codes (English text only, not recognised).</summary>
    public const string UnknownCode = "unknown";

    public static LineRejection Of(string code, string en, string nl) => new(code, new LocalText(en, nl));
}

/// <summary>
/// The fixed rejection reasons, made once (the parser's hot path refers to these instances and allocates nothing for
/// them), and the reading of a stored reason: by its code, or for a digest stored before codes existed, by its English
/// text, so that an old record shows in Dutch when its text is one of these and in English otherwise.
/// </summary>
public static class LineRejections
{
    public static readonly LineRejection TextAfterAddress = LineRejection.Of("text-after-address",
        "unexpected text after the address; give one address or CIDR block per line, with any comment after '#'",
        "onverwachte tekst na het adres; geef één adres of CIDR-blok per regel, met eventueel commentaar na '#'");

    public static readonly LineRejection MalformedCsv = LineRejection.Of("csv-malformed",
        "malformed CSV (an unterminated quote or text after a closing quote); quote fields as in RFC 4180",
        "onjuiste CSV (een niet-afgesloten aanhalingsteken of tekst na een sluitend aanhalingsteken); zet velden tussen aanhalingstekens zoals in RFC 4180");

    private static readonly LineRejection[] Syntax =
    [
        LineRejection.Of("valid", "valid", "geldig"),
        LineRejection.Of("ipv4-shorthand",
            "IPv4 shorthand is not accepted; write all four decimal octets a.b.c.d (e.g. 192.0.2.1)",
            "IPv4-verkorting wordt niet aanvaard; schrijf alle vier decimale octetten a.b.c.d (bijv. 192.0.2.1)"),
        LineRejection.Of("ipv4-leading-zero",
            "an IPv4 octet has a leading zero (read as octal by some tools); write decimal octets without leading zeros, e.g. 10.1.2.3",
            "een IPv4-octet begint met een nul (sommige programma's lezen dat als octaal); schrijf decimale octetten zonder voorloopnullen, bijv. 10.1.2.3"),
        LineRejection.Of("ipv4-not-decimal",
            "an IPv4 octet is not decimal (hexadecimal or other forms are not accepted); write a.b.c.d with decimal octets 0-255",
            "een IPv4-octet is niet decimaal (hexadecimale of andere vormen worden niet aanvaard); schrijf a.b.c.d met decimale octetten 0-255"),
        LineRejection.Of("ipv4-out-of-range",
            "IPv4 must be exactly four decimal octets 0-255 (a.b.c.d)",
            "IPv4 moet uit precies vier decimale octetten 0-255 bestaan (a.b.c.d)"),
        LineRejection.Of("ipv6-malformed",
            "not a valid IPv6 address; expected eight groups of 1-4 hex digits separated by ':', with at most one '::' (e.g. 2001:db8::1), without brackets",
            "geen geldig IPv6-adres; verwacht: acht groepen van 1-4 hexadecimale cijfers gescheiden door ':', met hoogstens één '::' (bijv. 2001:db8::1), zonder haken"),
        LineRejection.Of("ipv6-zone-id",
            "an IPv6 zone id (%...) names a local interface; give the address without it",
            "een IPv6-zone-id (%...) noemt een lokale interface; geef het adres zonder"),
        LineRejection.Of("prefix-length-invalid",
            "the prefix length after '/' must be a decimal number 0-32 (IPv4) or 0-128 (IPv6) without leading zeros",
            "de prefixlengte na '/' moet een decimaal getal 0-32 (IPv4) of 0-128 (IPv6) zijn, zonder voorloopnullen"),
        LineRejection.Of("prefix-host-bits-set",
            "the CIDR block has host bits set; give the network address (e.g. 192.0.2.0/24)",
            "in het CIDR-blok staan hostbits aan; geef het netwerkadres (bijv. 192.0.2.0/24)"),
        LineRejection.Of("not-an-address",
            "not an IP address; expected one IPv4 address (a.b.c.d), IPv6 address or CIDR block",
            "geen IP-adres; verwacht: één IPv4-adres (a.b.c.d), IPv6-adres of CIDR-blok"),
    ];

    private static readonly Dictionary<string, LineRejection> ByEnglish =
        new[] { TextAfterAddress, MalformedCsv }.Concat(Syntax.Skip(1)).ToDictionary(r => r.Text.En, StringComparer.Ordinal);

    private static readonly Dictionary<string, LineRejection> ByCode =
        new[] { TextAfterAddress, MalformedCsv }.Concat(Syntax.Skip(1)).ToDictionary(r => r.Code, StringComparer.Ordinal);

    /// <summary>The reason for an address syntax error (one shared instance per error).</summary>
    public static LineRejection Of(AddressSyntaxError error) => (uint)error < (uint)Syntax.Length ? Syntax[(int)error] : Syntax[^1];

    /// <summary>
    /// A reason as stored: with its code and both texts; or, stored before codes existed, only its English text, which is
    /// recognised when it is a fixed reason and otherwise shown as it is in both languages.
    /// </summary>
    public static LineRejection Stored(string? code, string english, string? dutch)
    {
        ArgumentNullException.ThrowIfNull(english);
        if (!string.IsNullOrWhiteSpace(code) && !string.IsNullOrWhiteSpace(dutch) && !string.IsNullOrWhiteSpace(english))
        {
            return new LineRejection(code, new LocalText(english, dutch));
        }

        if (code is not null && ByCode.TryGetValue(code, out var known))
        {
            return known;
        }

        if (ByEnglish.TryGetValue(english, out var recognised))
        {
            return recognised;
        }

        var text = string.IsNullOrWhiteSpace(english) ? "(no reason recorded)" : english;
        return new LineRejection(LineRejection.UnknownCode, new LocalText(text, string.IsNullOrWhiteSpace(english) ? "(geen reden vastgelegd)" : english));
    }
}
