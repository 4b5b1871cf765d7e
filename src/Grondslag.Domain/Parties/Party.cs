using System.Collections.Immutable;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Time;

namespace Grondslag.Domain.Parties;

/// <summary>The closed set of delivery channels a party can be reached on.</summary>
public enum ChannelKind
{
    Email,
    Taxii,
    Misp,
}

/// <summary>A way to deliver to a party, e.g. e-mail with the OpenPGP key to encrypt to, or a TAXII collection.</summary>
public sealed record Channel(ChannelKind Kind, string Address, string? OpenPgpFingerprint = null);

/// <summary>A person or desk to contact at a party.</summary>
public sealed record Contact(string Name, string? Role = null, string? Email = null, string? Phone = null);

/// <summary>What a party is responsible for: whole countries, autonomous systems and address prefixes.</summary>
public sealed record Constituency(ImmutableArray<CountryCode> Countries, ImmutableArray<uint> Asns, ImmutableArray<IpPrefix> Prefixes)
{
    public static Constituency Empty { get; } = new([], [], []);

    public bool IsEmpty => Countries.IsDefaultOrEmpty && Asns.IsDefaultOrEmpty && Prefixes.IsDefaultOrEmpty;
}

/// <summary>A formal designation, e.g. of a Dutch computercrisisteam by ministerial regulation ("Stcrt. 2020, 4410").</summary>
public sealed record Designation(string Reference, DateInterval Validity);

/// <summary>A cooperation arrangement with a party (memorandum, treaty, …); <see cref="Example"/> marks an illustrative one.</summary>
public sealed record CooperationArrangement(string Name, string Reference, DateInterval Validity, bool Example);

/// <summary>A party that may receive information: who it is, how to reach it and what it is responsible for.</summary>
public sealed record Party
{
    public Party(string id, string name, RecipientKind kind, CountryCode country)
    {
        if (!IsValidId(id))
        {
            throw new ArgumentException($"'{id}' is not a party id; use a lower-case slug such as 'cert-fr' (letters, digits, single hyphens).", nameof(id));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (country.Value is null)
        {
            throw new ArgumentException("A party needs a country.", nameof(country));
        }

        Id = id;
        Name = name;
        Kind = kind;
        Country = country;
    }

    /// <summary>A stable slug, e.g. <c>cert-fr</c>.</summary>
    public string Id { get; }

    public string Name { get; }

    public RecipientKind Kind { get; }

    /// <summary>The country where the party is established.</summary>
    public CountryCode Country { get; }

    public ImmutableArray<Channel> Channels { get; init; } = [];

    public ImmutableArray<Contact> Contacts { get; init; } = [];

    public Constituency Constituency { get; init; } = Constituency.Empty;

    public Designation? Designation { get; init; }

    public ImmutableArray<CooperationArrangement> Arrangements { get; init; } = [];

    /// <summary>True for an illustrative entry (invented contacts, prefixes or arrangements).</summary>
    public bool Example { get; init; }

    /// <summary>
    /// The data-protection law the party processes under (GDPR adequacy follows it); null means the default
    /// for its kind (<see cref="DataProtectionRegimes.DefaultFor"/>).
    /// </summary>
    public DataProtectionRegime? DataProtectionRegime { get; init; }

    /// <summary>True when the party is certified under the EU-US Data Privacy Framework (or was under Privacy Shield).</summary>
    public bool DpfCertified { get; init; }

    /// <summary>True when the party is an essential or important entity under NIS2 / the Cbw.</summary>
    public bool EssentialOrImportantEntity { get; init; }

    /// <summary>
    /// True for NCSC-NL itself, the sender: listed for its contacts, never a recipient. Handing information to
    /// oneself is no disclosure (legal review 2, §5), so routing makes no share for it.
    /// </summary>
    public bool Self { get; init; }

    /// <summary>
    /// The countries whose addresses this party receives: its constituency's countries, or for a national
    /// CSIRT without explicit countries its own country; none for <see cref="Self"/>.
    /// </summary>
    public ImmutableArray<CountryCode> CountriesServed =>
        Self ? []
        : !Constituency.Countries.IsDefaultOrEmpty ? Constituency.Countries
        : Kind == RecipientKind.NationalCsirt ? [Country]
        : [];

    public static bool IsValidId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64 || id[0] == '-' || id[^1] == '-')
        {
            return false;
        }

        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            var ok = char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || (c == '-' && id[i - 1] != '-');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The parties known to the system, loaded from one source; ids are unique.</summary>
public sealed class PartyRegistry
{
    private readonly Dictionary<string, Party> _byId;

    public PartyRegistry(string source, string sha256, ImmutableArray<Party> parties)
    {
        _byId = new Dictionary<string, Party>(StringComparer.Ordinal);
        foreach (var party in parties)
        {
            if (!_byId.TryAdd(party.Id, party))
            {
                throw new ArgumentException($"Party id '{party.Id}' occurs twice in {source}.", nameof(parties));
            }
        }

        Source = source;
        Sha256 = sha256;
        Parties = parties;
    }

    /// <summary>Where the registry came from (a file path).</summary>
    public string Source { get; }

    /// <summary>Hex SHA-256 of the registry's source bytes, recorded with every plan.</summary>
    public string Sha256 { get; }

    public ImmutableArray<Party> Parties { get; }

    public Party? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The party marked <c>self: true</c> (NCSC-NL, the sender), if the registry lists it.</summary>
    public Party? Self => Parties.FirstOrDefault(p => p.Self);

    /// <summary>The national CSIRTs of a country (normally one).</summary>
    public IEnumerable<Party> NationalCsirtsOf(CountryCode country) =>
        Parties.Where(p => p.Kind == RecipientKind.NationalCsirt && p.CountriesServed.Contains(country));
}
