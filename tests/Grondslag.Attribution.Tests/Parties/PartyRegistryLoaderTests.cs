using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Grondslag.Attribution.Parties;
using Grondslag.Domain.Parties;

namespace Grondslag.Attribution.Tests.Parties;

public sealed class PartyRegistryLoaderTests
{
    private static readonly string[] EuMembers =
        ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"];

    [Fact]
    public void LoadFile_DefaultRegistry_HasTheRequiredParties()
    {
        var registry = PartyRegistryLoader.LoadFile(PartyRegistryLoader.DefaultPath);

        foreach (var country in EuMembers.Where(c => c != "NL").Concat(["CA", "JP", "GB", "US", "NO", "CH", "AU", "NZ", "KR"]))
        {
            Assert.Single(registry.NationalCsirtsOf(CountryCode.Parse(country)));
        }

        Assert.Equal("NCSC-NL (Nationaal Cyber Security Centrum)", registry.Self!.Name);
        Assert.Empty(registry.NationalCsirtsOf(CountryCode.Netherlands));
        Assert.Empty(registry.Self.CountriesServed);
        Assert.All(registry.Parties.Where(p => p.Designation is not null), p => Assert.Equal(CountryCode.Netherlands, p.Country));
        var access = registry.Parties.Where(p => p.Kind == RecipientKind.InternetAccessProvider).ToList();
        Assert.Equal([1136u, 33915u, 31615u], access.SelectMany(p => p.Constituency.Asns));
        Assert.All(access, p => Assert.True(p.Example));
        var designated = registry.Parties.Where(p => p.Kind == RecipientKind.DesignatedCsirt).ToList();
        Assert.Equal(["ibd", "z-cert", "surfcert", "cert-wm"], designated.Select(p => p.Id));
        Assert.All(designated, p => Assert.Equal("Stcrt. 2020, 4410", p.Designation!.Reference));
        Assert.Equal(2, registry.Parties.Count(p => p.Kind == RecipientKind.IntelligenceService));
        Assert.All(registry.Parties.Where(p => p.Country.Value is "CA" or "JP" or "GB" or "US"), p => Assert.True(p.Arrangements.Single().Example));
        Assert.Contains(1103u, registry.Find("surfcert")!.Constituency.Asns);
        Assert.Equal(64, registry.Sha256.Length);
    }

    [Theory]
    [InlineData("    colour: blue\n", 7, "colour", "unknown party field")]
    [InlineData("    kind: embassy\n", 6, "kind", "not a recipient kind")]
    [InlineData("    constituency:\n      countries: [Netherlands]\n", 8, "constituency.countries", "not a country code")]
    [InlineData("    constituency:\n      prefixes: [\"192.0.2.1/24\"]\n", 8, "constituency.prefixes", "host bits set")]
    [InlineData("    constituency:\n      prefixes: [\"10.0.0/8\"]\n", 8, "constituency.prefixes", "four decimal octets")]
    [InlineData("    constituency:\n      asns: [AS-SURF]\n", 8, "constituency.asns", "not an AS number")]
    [InlineData("    designation:\n      reference: x\n      from: 29-01-2020\n", 9, "designation.from", "YYYY-MM-DD")]
    [InlineData("    channels:\n      - kind: pigeon\n        address: a@b.example\n", 8, "channels.kind", "email, taxii or misp")]
    [InlineData("    designation:\n      reference: \"Stcrt. 2020, 4410\"\n      from: 2020-01-29\n", 8, "designation", "a provider cannot hold a designation")]
    [InlineData("    constituency:\n      countries: [BE, NL]\n", 8, "constituency.countries", "route Dutch addresses by network")]
    [InlineData("    self: true\n", 7, "self", "only NCSC-NL")]
    [InlineData("    self: maybe\n", 7, "self", "not true or false")]
    public void Load_BadField_NamesFileLinePartyAndField(string extra, int line, string field, string fix)
    {
        var kind = extra.StartsWith("    kind:", StringComparison.Ordinal) ? "" : "    kind: provider\n";
        var yaml = "version: 1\nparties:\n  - id: test-party\n    name: Test\n" + kind + "    country: NL\n" + extra;

        var error = Assert.Throws<PartyRegistryException>(() => PartyRegistryLoader.Load("test.yaml", yaml));

        var message = Assert.Single(error.Errors);
        Assert.StartsWith($"test.yaml:{line}: party 'test-party', field '{field}'", message, StringComparison.Ordinal);
        Assert.Contains(fix, message, StringComparison.Ordinal);
    }

    public static Arbitrary<(string Country, string Kind, int Before)> ForeignDesignations() =>
        (from a in Gen.Choose('A', 'Z')
         from b in Gen.Choose('A', 'Z')
         where !(a == 'N' && b == 'L')
         from kind in Gen.Elements("designated-csirt", "oktt")
         from before in Gen.Choose(0, 4)
         select ($"{(char)a}{(char)b}", kind, before)).ToArbitrary();

    [Property(Arbitrary = [typeof(PartyRegistryLoaderTests)], MaxTest = 100)]
    public void Load_ForeignDesignation_IsRefusedNamingFileLinePartyAndField((string Country, string Kind, int Before) c)
    {
        var yaml = "version: 1\nparties:\n"
            + string.Concat(Enumerable.Range(0, c.Before).Select(i => $"  - id: p{i}\n    name: P\n    kind: provider\n    country: NL\n"))
            + $"  - id: foreign-team\n    name: Foreign\n    kind: {c.Kind}\n    country: {c.Country}\n    designation:\n      reference: \"Stcrt. 2020, 4410\"\n      from: 2020-01-29\n";
        var line = 8 + (4 * c.Before);

        var error = Assert.Throws<PartyRegistryException>(() => PartyRegistryLoader.Load("foreign.yaml", yaml));

        var message = Assert.Single(error.Errors, e => e.Contains("field 'designation'", StringComparison.Ordinal));
        Assert.StartsWith($"foreign.yaml:{line}: party 'foreign-team', field 'designation'", message, StringComparison.Ordinal);
        Assert.Contains($"established in {c.Country} cannot hold one", message, StringComparison.Ordinal);
        Assert.Contains("remove the designation", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"C0FF EE00 1234 5678 9ABC  DEF0 1234 5678 9ABC DEF0\"", "C0FFEE00123456789ABCDEF0123456789ABCDEF0")]
    [InlineData("c0ffee00123456789abcdef0123456789abcdef0c0ffee00123456789abcdef0", "C0FFEE00123456789ABCDEF0123456789ABCDEF0C0FFEE00123456789ABCDEF0")]
    [InlineData("PLACEHOLDER", "PLACEHOLDER")]
    public void Load_FingerprintWithSpacesOrOfAV6Key_IsKeptInOneForm(string written, string kept)
    {
        var yaml = "version: 1\nparties:\n  - id: cert-at\n    name: CERT.at\n    kind: national-csirt\n    country: AT\n    channels:\n      - kind: email\n        address: cert@cert.at\n        openpgp: " + written + "\n";

        var registry = PartyRegistryLoader.Load("r.yaml", yaml);

        Assert.Equal(kept, registry.Parties.Single(p => p.Id == "cert-at").Channels.Single().OpenPgpFingerprint);
    }

    [Fact]
    public void Load_FingerprintOfAnotherLength_IsRefusedNamingTheLengths()
    {
        var yaml = "version: 1\nparties:\n  - id: cert-at\n    name: CERT.at\n    kind: national-csirt\n    country: AT\n    channels:\n      - kind: email\n        address: cert@cert.at\n        openpgp: C0FFEE\n";

        var error = Assert.Throws<PartyRegistryException>(() => PartyRegistryLoader.Load("r.yaml", yaml));

        var message = Assert.Single(error.Errors);
        Assert.StartsWith("r.yaml:10: party 'cert-at', field 'channels.openpgp'", message, StringComparison.Ordinal);
        Assert.Contains("40 hex digits (v4 key) or 64 (v5 or v6 key)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ForeignDesignatedCsirt_IsRefusedOnTheCountry()
    {
        var yaml = "version: 1\nparties:\n  - id: x\n    name: X\n    kind: designated-csirt\n    country: US\n";

        var error = Assert.Throws<PartyRegistryException>(() => PartyRegistryLoader.Load("r.yaml", yaml));

        var message = Assert.Single(error.Errors);
        Assert.StartsWith("r.yaml:6: party 'x', field 'country'", message, StringComparison.Ordinal);
        Assert.Contains("Dutch computercrisisteam", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DutchNationalCsirtWithoutSelf_IsRefusedAsAShareToItself()
    {
        var yaml = "version: 1\nparties:\n  - id: ncsc-nl\n    name: NCSC\n    kind: national-csirt\n    country: NL\n";

        var error = Assert.Throws<PartyRegistryException>(() => PartyRegistryLoader.Load("r.yaml", yaml));

        var message = Assert.Single(error.Errors);
        Assert.StartsWith("r.yaml:5: party 'ncsc-nl', field 'kind'", message, StringComparison.Ordinal);
        Assert.Contains("self: true", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SelfWithAConstituency_IsRefused()
    {
        var yaml = "version: 1\nparties:\n  - id: ncsc-nl\n    name: NCSC\n    kind: national-csirt\n    country: NL\n    self: true\n    constituency:\n      asns: [1103]\n";

        var error = Assert.Throws<PartyRegistryException>(() => PartyRegistryLoader.Load("r.yaml", yaml));

        var message = Assert.Single(error.Errors);
        Assert.StartsWith("r.yaml:7: party 'ncsc-nl', field 'self'", message, StringComparison.Ordinal);
        Assert.Contains("receives no share", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TwoSelves_IsRefused()
    {
        var self = "  - id: ID\n    name: NCSC\n    kind: national-csirt\n    country: NL\n    self: true\n";
        var yaml = "version: 1\nparties:\n" + self.Replace("ID", "a", StringComparison.Ordinal) + self.Replace("ID", "b", StringComparison.Ordinal);

        var error = Assert.Throws<PartyRegistryException>(() => PartyRegistryLoader.Load("r.yaml", yaml));

        Assert.StartsWith("r.yaml:8: party 'b', field 'self'", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TwoNationalCsirtsForOneCountry_IsRefused()
    {
        var csirt = "  - id: ID\n    name: CERT\n    kind: national-csirt\n    country: FR\n";
        var yaml = "version: 1\nparties:\n" + csirt.Replace("ID", "a", StringComparison.Ordinal) + csirt.Replace("ID", "b", StringComparison.Ordinal);

        var error = Assert.Throws<PartyRegistryException>(() => PartyRegistryLoader.Load("r.yaml", yaml));

        var message = Assert.Single(error.Errors);
        Assert.StartsWith("r.yaml:7: party 'b', field 'country'", message, StringComparison.Ordinal);
        Assert.Contains("already served by party 'a' (line 3)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadCountry_NamesTheField()
    {
        var yaml = "version: 1\nparties:\n  - id: x\n    name: X\n    kind: provider\n    country: NLD\n";

        var error = Assert.Throws<PartyRegistryException>(() => PartyRegistryLoader.Load("r.yaml", yaml));

        Assert.StartsWith("r.yaml:6: party 'x', field 'country'", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateId_NamesBothLines()
    {
        var party = "  - id: dup\n    name: X\n    kind: provider\n    country: NL\n";
        var yaml = "version: 1\nparties:\n" + party + party;

        var error = Assert.Throws<PartyRegistryException>(() => PartyRegistryLoader.Load("r.yaml", yaml));

        var message = Assert.Single(error.Errors);
        Assert.StartsWith("r.yaml:7: party 'dup', field 'id'", message, StringComparison.Ordinal);
        Assert.Contains("line 3", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadId_SaysWhatAnIdLooksLike()
    {
        var yaml = "version: 1\nparties:\n  - id: CERT FR\n    name: X\n    kind: provider\n    country: FR\n";

        var error = Assert.Throws<PartyRegistryException>(() => PartyRegistryLoader.Load("r.yaml", yaml));

        Assert.Contains("lower-case slug", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_Missing_NamesTheFile()
    {
        var error = Assert.Throws<PartyRegistryException>(() => PartyRegistryLoader.LoadFile("/nonexistent/parties.yaml"));

        Assert.Contains("/nonexistent/parties.yaml", error.Message, StringComparison.Ordinal);
    }
}
