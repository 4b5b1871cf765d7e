using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Time;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Grondslag.Attribution.Parties;

/// <summary>The registry file is invalid; <see cref="Errors"/> lists every problem with file, line, party and field.</summary>
public sealed class PartyRegistryException(string source, IReadOnlyList<string> errors)
    : Exception($"{source}: the party registry is invalid:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>
/// Loads a party registry from YAML, strictly: unknown fields, bad kinds, countries, ASNs, prefixes, dates
/// and duplicate ids are errors naming the file, line, party id, field and the fix. The default registry is
/// <c>parties/default.yaml</c> beside the executable.
/// </summary>
public static class PartyRegistryLoader
{
    public const string DefaultRelativePath = "parties/default.yaml";

    private static readonly string[] TopFields = ["version", "parties"];
    private static readonly string[] PartyFields = ["id", "name", "kind", "country", "channels", "contacts", "constituency", "designation", "arrangements", "example", "self", "dataProtectionRegime", "dpfCertified", "essentialOrImportantEntity"];
    private static readonly string[] ChannelFields = ["kind", "address", "openpgp"];
    private static readonly string[] ContactFields = ["name", "role", "email", "phone"];
    private static readonly string[] ConstituencyFields = ["countries", "asns", "prefixes"];
    private static readonly string[] DesignationFields = ["reference", "from", "to"];
    private static readonly string[] ArrangementFields = ["name", "reference", "from", "to", "example"];

    /// <summary>The default registry file shipped beside the executable.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, DefaultRelativePath);

    public static PartyRegistry LoadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PartyRegistryException(path, [$"cannot read the file: {e.Message}; pass an existing YAML file with --parties"]);
        }

        return Load(path, new System.Text.UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF'), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public static PartyRegistry Load(string source, string yaml, string? sha256 = null)
    {
        sha256 ??= Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(yaml)));
        var errors = new List<string>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new PartyRegistryException(source, [$"{source}:{e.Start.Line}: not valid YAML: {e.Message}"]);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new PartyRegistryException(source, [$"{source}:1: expected one YAML document with 'version: 1' and a 'parties:' list"]);
        }

        var context = new Context(source, errors);
        context.CheckFields(root, TopFields, "registry", null);
        if (Child(root, "version") is not YamlScalarNode { Value: "1" })
        {
            context.Error(root, null, "version", "must be 1; add 'version: 1' at the top");
        }

        var parties = ImmutableArray.CreateBuilder<Party>();
        if (Child(root, "parties") is not YamlSequenceNode list)
        {
            context.Error(root, null, "parties", "missing or not a list; give 'parties:' followed by '- id: ...' entries");
        }
        else
        {
            var seen = new Dictionary<string, long>(StringComparer.Ordinal);
            var countryServedBy = new Dictionary<CountryCode, (string Id, long Line)>();
            long? selfLine = null;
            foreach (var node in list.Children)
            {
                if (ReadParty(context, node) is { } party)
                {
                    if (seen.TryGetValue(party.Id, out var firstLine))
                    {
                        context.Error(node, party.Id, "id", $"duplicate id (first used on line {firstLine}); give every party its own id");
                    }
                    else if (party.Self && selfLine is { } first)
                    {
                        context.Error(node, party.Id, "self", $"a second 'self' party (the first is on line {first}); NCSC-NL is listed once");
                    }
                    else if (party.CountriesServed.FirstOrDefault(cc => countryServedBy.ContainsKey(cc)) is { Value: not null } twice)
                    {
                        var earlier = countryServedBy[twice];
                        context.Error(node, party.Id, party.Constituency.Countries.IsDefaultOrEmpty ? "country" : "constituency.countries",
                            $"{twice} is already served by party '{earlier.Id}' (line {earlier.Line}); every address goes to one national CSIRT per country, so serve {twice} by one party only");
                    }
                    else
                    {
                        foreach (var cc in party.CountriesServed)
                        {
                            countryServedBy[cc] = (party.Id, node.Start.Line);
                        }

                        seen[party.Id] = node.Start.Line;
                        selfLine = party.Self ? node.Start.Line : selfLine;
                        parties.Add(party);
                    }
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new PartyRegistryException(source, errors);
        }

        return new PartyRegistry(source, sha256, parties.ToImmutable());
    }

    private static Party? ReadParty(Context c, YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            c.Error(node, null, "parties", "each entry must be a mapping starting with '- id: ...'");
            return null;
        }

        var idText = Scalar(map, "id");
        var id = idText ?? "?";
        var before = c.Count;
        c.CheckFields(map, PartyFields, "party", id);
        if (!Party.IsValidId(idText))
        {
            c.Error(Child(map, "id") ?? map, id, "id", "must be a lower-case slug such as 'cert-fr' (letters, digits, single hyphens)");
        }

        var name = Scalar(map, "name");
        if (string.IsNullOrWhiteSpace(name))
        {
            c.Error(map, id, "name", "missing; give the party's name");
        }

        var kindText = Scalar(map, "kind");
        if (!RecipientKinds.TryParse(kindText, out var kind))
        {
            c.Error(Child(map, "kind") ?? map, id, "kind", $"'{kindText}' is not a recipient kind; use one of: {RecipientKinds.WireList}");
        }

        var country = ReadCountry(c, map, "country", id);
        var channels = ReadList(c, map, "channels", id, n => ReadChannel(c, n, id));
        var contacts = ReadList(c, map, "contacts", id, n => ReadContact(c, n, id));
        var constituency = Child(map, "constituency") is { } cn ? ReadConstituency(c, cn, id) : Constituency.Empty;
        var designation = Child(map, "designation") is { } dn ? ReadDesignation(c, dn, id) : null;
        var arrangements = ReadList(c, map, "arrangements", id, n => ReadArrangement(c, n, id));
        var example = ReadBool(c, map, "example", id);
        var self = ReadBool(c, map, "self", id);
        var regimeText = Scalar(map, "dataProtectionRegime");
        DataProtectionRegime? regime = null;
        if (regimeText is not null)
        {
            if (DataProtectionRegimes.TryParse(regimeText, out var parsed))
            {
                regime = parsed;
            }
            else
            {
                c.Error(Child(map, "dataProtectionRegime")!, id, "dataProtectionRegime",
                    $"'{regimeText}' is not a data-protection regime; use one of: {string.Join(", ", DataProtectionRegimes.All.Select(r => r.ToWire()))}");
            }
        }

        var dpfCertified = ReadBool(c, map, "dpfCertified", id);
        var essential = ReadBool(c, map, "essentialOrImportantEntity", id);
        if (c.Count > before || country is null)
        {
            return null;
        }

        CheckDutchRules(c, map, id, kind, country.Value, constituency, designation, arrangements, self);
        if (c.Count > before)
        {
            return null;
        }

        return new Party(idText!, name!, kind, country.Value)
        {
            Channels = channels,
            Contacts = contacts,
            Constituency = constituency,
            Designation = designation,
            Arrangements = arrangements,
            Example = example,
            Self = self,
            DataProtectionRegime = regime,
            DpfCertified = dpfCertified,
            EssentialOrImportantEntity = essential,
        };
    }

    /// <summary>Kinds that can hold a Dutch designation: computercrisisteams and (after bill 36 084) OKTTs.</summary>
    private static bool CanBeDesignated(RecipientKind kind) => kind is RecipientKind.DesignatedCsirt or RecipientKind.Oktt;

    /// <summary>
    /// Designations are Dutch (legal review 2, §2) and NCSC-NL is never its own recipient (§5): a designation only on
    /// a Dutch designated-csirt or OKTT; NCSC-NL only as <c>self: true</c>, with nothing routed to it.
    /// </summary>
    private static void CheckDutchRules(Context c, YamlMappingNode map, string id, RecipientKind kind, CountryCode country,
        Constituency constituency, Designation? designation, ImmutableArray<CooperationArrangement> arrangements, bool self)
    {
        var dutch = country == CountryCode.Netherlands;
        if (designation is not null && !CanBeDesignated(kind))
        {
            c.Error(Child(map, "designation")!, id, "designation",
                $"a {kind.ToWire()} cannot hold a designation: only Dutch designated-csirt parties (Regeling aanwijzing computercrisisteams, Stcrt. 2020, 4410) and OKTTs designated by ministerial regulation (bill 36 084) are designated; remove the designation or correct the kind");
        }
        else if (designation is not null && !dutch)
        {
            c.Error(Child(map, "designation")!, id, "designation",
                $"a designation is Dutch: it is made by Dutch ministerial regulation, so a party established in {country} cannot hold one (legal review 2, §2); remove the designation, or correct the country if the party is Dutch");
        }

        if (kind == RecipientKind.DesignatedCsirt && !dutch)
        {
            c.Error(Child(map, "country") ?? map, id, "country",
                $"a designated-csirt is a Dutch computercrisisteam, but the country is {country}; use kind national-csirt or provider for a foreign team, or correct the country");
        }

        if (!constituency.Countries.IsDefaultOrEmpty && constituency.Countries.Contains(CountryCode.Netherlands))
        {
            c.Error(ChildOf(map, "constituency", "countries") ?? map, id, "constituency.countries",
                "NL would route every Dutch address to this party, but the national CSIRT of the Netherlands is NCSC-NL, the sender; route Dutch addresses by network instead: remove NL and list the party's asns or prefixes");
        }

        if (self)
        {
            if (kind != RecipientKind.NationalCsirt || !dutch)
            {
                c.Error(Child(map, "self")!, id, "self",
                    $"only NCSC-NL (kind national-csirt, country NL) is 'self', not a {kind.ToWire()} in {country}; remove 'self: true'");
            }

            if (!constituency.IsEmpty || designation is not null || !arrangements.IsDefaultOrEmpty)
            {
                c.Error(Child(map, "self")!, id, "self",
                    "the sender receives no share, so it has no constituency, designation or arrangements to route by; remove them from this party");
            }
        }
        else if (kind == RecipientKind.NationalCsirt && dutch)
        {
            c.Error(Child(map, "kind") ?? map, id, "kind",
                "the national CSIRT of the Netherlands is NCSC-NL, the sender: a share to it would be a share to itself, which is no disclosure and has no art. 20(2) basis (legal review 2, §5); mark it 'self: true' so that it receives nothing, or remove it");
        }
    }

    private static Channel? ReadChannel(Context c, YamlMappingNode map, string id)
    {
        c.CheckFields(map, ChannelFields, "channel", id);
        var kindText = Scalar(map, "kind");
        ChannelKind? kind = kindText switch
        {
            "email" => ChannelKind.Email,
            "taxii" => ChannelKind.Taxii,
            "misp" => ChannelKind.Misp,
            _ => null,
        };
        if (kind is null)
        {
            c.Error(Child(map, "kind") ?? map, id, "channels.kind", $"'{kindText}' is not a channel kind; use email, taxii or misp");
        }

        var address = Scalar(map, "address");
        if (string.IsNullOrWhiteSpace(address) || (kind == ChannelKind.Email && !address.Contains('@', StringComparison.Ordinal)))
        {
            c.Error(Child(map, "address") ?? map, id, "channels.address", "missing or malformed; give an e-mail address or a URL");
        }

        var fingerprint = Scalar(map, "openpgp");
        if (fingerprint is not null && !OpenPgpFingerprints.IsPlaceholder(fingerprint))
        {
            var normalised = OpenPgpFingerprints.Normalise(fingerprint);
            if (normalised is null)
            {
                c.Error(Child(map, "openpgp")!, id, "channels.openpgp",
                    "must be an OpenPGP fingerprint: 40 hex digits (v4 key) or 64 (v5 or v6 key), spaces allowed as gpg prints them; or PLACEHOLDER until the key is known");
            }

            fingerprint = normalised ?? fingerprint;
        }
        else if (fingerprint is not null)
        {
            fingerprint = OpenPgpFingerprints.Placeholder;
        }

        return kind is { } k && !string.IsNullOrWhiteSpace(address) ? new Channel(k, address, fingerprint) : null;
    }

    private static Contact? ReadContact(Context c, YamlMappingNode map, string id)
    {
        c.CheckFields(map, ContactFields, "contact", id);
        var name = Scalar(map, "name");
        if (string.IsNullOrWhiteSpace(name))
        {
            c.Error(map, id, "contacts.name", "missing; give the contact's name or desk");
            return null;
        }

        return new Contact(name, Scalar(map, "role"), Scalar(map, "email"), Scalar(map, "phone"));
    }

    private static Constituency ReadConstituency(Context c, YamlNode node, string id)
    {
        if (node is not YamlMappingNode map)
        {
            c.Error(node, id, "constituency", "must be a mapping with countries, asns and/or prefixes");
            return Constituency.Empty;
        }

        c.CheckFields(map, ConstituencyFields, "constituency", id);
        var countries = ReadScalars(c, map, "countries", id, (n, text) =>
            CountryCode.TryParse(text, out var cc) && text.Length == 2 ? cc : c.Fail<CountryCode>(n, id, "constituency.countries", $"'{text}' is not a country code; use ISO 3166-1 alpha-2 such as NL"));
        var asns = ReadScalars(c, map, "asns", id, (n, text) =>
            uint.TryParse(text.StartsWith("AS", StringComparison.OrdinalIgnoreCase) ? text[2..] : text, NumberStyles.None, CultureInfo.InvariantCulture, out var asn) && asn != 0
                ? asn
                : c.Fail<uint>(n, id, "constituency.asns", $"'{text}' is not an AS number; give a number such as 1103"));
        var prefixes = ReadScalars(c, map, "prefixes", id, (n, text) =>
            IpAddressParser.TryParsePrefix(text, out var prefix, out var error)
                ? prefix
                : c.Fail<IpPrefix>(n, id, "constituency.prefixes", $"'{text}' is not a CIDR prefix: {IpAddressParser.Describe(error)}"));
        return new Constituency(countries, asns, prefixes);
    }

    private static Designation? ReadDesignation(Context c, YamlNode node, string id)
    {
        if (node is not YamlMappingNode map)
        {
            c.Error(node, id, "designation", "must be a mapping with reference, from and optionally to");
            return null;
        }

        c.CheckFields(map, DesignationFields, "designation", id);
        var reference = Scalar(map, "reference");
        if (string.IsNullOrWhiteSpace(reference))
        {
            c.Error(map, id, "designation.reference", "missing; cite the designation, e.g. \"Stcrt. 2020, 4410\"");
        }

        var validity = ReadValidity(c, map, id, "designation");
        return reference is not null && validity is { } v ? new Designation(reference, v) : null;
    }

    private static CooperationArrangement? ReadArrangement(Context c, YamlMappingNode map, string id)
    {
        c.CheckFields(map, ArrangementFields, "arrangement", id);
        var name = Scalar(map, "name");
        var reference = Scalar(map, "reference");
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(reference))
        {
            c.Error(map, id, "arrangements", "each arrangement needs a name and a reference");
        }

        var validity = ReadValidity(c, map, id, "arrangements");
        var example = ReadBool(c, map, "example", id);
        return name is not null && reference is not null && validity is { } v ? new CooperationArrangement(name, reference, v, example) : null;
    }

    private static DateInterval? ReadValidity(Context c, YamlMappingNode map, string id, string field)
    {
        var from = ReadDate(c, map, "from", id, field);
        var to = ReadDate(c, map, "to", id, field);
        if (from is { } f && to is { } t && t < f)
        {
            c.Error(Child(map, "to")!, id, $"{field}.to", $"ends ({t:yyyy-MM-dd}) before it starts ({f:yyyy-MM-dd}); correct the dates");
            return null;
        }

        return new DateInterval(from, to);
    }

    private static DateOnly? ReadDate(Context c, YamlMappingNode map, string key, string id, string field)
    {
        var text = Scalar(map, key);
        if (text is null or "" or "null" or "~")
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        c.Error(Child(map, key)!, id, $"{field}.{key}", $"'{text}' is not a date; write YYYY-MM-DD");
        return null;
    }

    private static bool ReadBool(Context c, YamlMappingNode map, string key, string id)
    {
        var text = Scalar(map, key);
        switch (text)
        {
            case null or "false":
                return false;
            case "true":
                return true;
            default:
                c.Error(Child(map, key)!, id, key, $"'{text}' is not true or false");
                return false;
        }
    }

    private static CountryCode? ReadCountry(Context c, YamlMappingNode map, string key, string id)
    {
        var text = Scalar(map, key);
        if (text is { Length: 2 } && CountryCode.TryParse(text, out var code))
        {
            return code;
        }

        c.Error(Child(map, key) ?? map, id, key, $"'{text}' is not a country code; use ISO 3166-1 alpha-2 such as NL or GB");
        return null;
    }

    private static ImmutableArray<T> ReadList<T>(Context c, YamlMappingNode map, string key, string id, Func<YamlMappingNode, T?> read)
        where T : class
    {
        var node = Child(map, key);
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            c.Error(node, id, key, "must be a list ('- ...' entries)");
            return [];
        }

        var result = ImmutableArray.CreateBuilder<T>();
        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode itemMap)
            {
                c.Error(item, id, key, "each entry must be a mapping");
                continue;
            }

            if (read(itemMap) is { } value)
            {
                result.Add(value);
            }
        }

        return result.ToImmutable();
    }

    private static ImmutableArray<T> ReadScalars<T>(Context c, YamlMappingNode map, string key, string id, Func<YamlNode, string, T> parse)
    {
        var node = Child(map, key);
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            c.Error(node, id, $"constituency.{key}", "must be a list, e.g. [a, b]");
            return [];
        }

        var result = ImmutableArray.CreateBuilder<T>();
        var before = c.Count;
        foreach (var item in sequence.Children)
        {
            var value = parse(item, (item as YamlScalarNode)?.Value ?? "");
            if (c.Count == before)
            {
                result.Add(value);
            }
        }

        return result.ToImmutable();
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static YamlNode? ChildOf(YamlMappingNode map, string key, string inner) =>
        Child(map, key) is YamlMappingNode m ? Child(m, inner) : null;

    private static string? Scalar(YamlMappingNode map, string key) => (Child(map, key) as YamlScalarNode)?.Value;

    private sealed class Context(string source, List<string> errors)
    {
        public int Count => errors.Count;

        public void Error(YamlNode node, string? partyId, string field, string problem) =>
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{source}:{node.Start.Line}: {(partyId is null ? "" : $"party '{partyId}', ")}field '{field}': {problem}"));

        public T Fail<T>(YamlNode node, string partyId, string field, string problem)
        {
            Error(node, partyId, field, problem);
            return default!;
        }

        public void CheckFields(YamlMappingNode map, string[] allowed, string what, string? partyId)
        {
            foreach (var key in map.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (!allowed.Contains(name, StringComparer.Ordinal))
                {
                    Error(key, partyId, name, $"unknown {what} field; allowed: {string.Join(", ", allowed)}");
                }
            }
        }
    }
}
