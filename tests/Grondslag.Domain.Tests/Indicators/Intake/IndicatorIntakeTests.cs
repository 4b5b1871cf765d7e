using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Indicators.Intake;
using Grondslag.Domain.Law;
using Grondslag.Testing;

namespace Grondslag.Domain.Tests.Indicators.Intake;

public sealed class IndicatorIntakeTests
{
    private static string Example(string name) => File.ReadAllText(RepositoryRoot.Combine("examples", "formats", name));

    private static string Addresses(IndicatorList list) => string.Join(" ", list.Attributable.Select(a => a.ToString()));

    private static string Rejections(IndicatorList list) => string.Join("\n", list.Rejected.Select(r => $"{r.Line} {r.Text}: {r.Reason}"));

    [Fact]
    public void Read_MispEvent_TakesEveryAddressAttributeAndRejectsTheRestPerAttribute()
    {
        var result = IndicatorIntake.Read("partner-event.misp.json", Example("partner-event.misp.json"));

        Assert.Equal(IntakeFormat.MispEvent, result.Format);
        var list = result.List;
        Assert.Equal("17.81.239.44 74.118.126.178 103.232.247.37 147.135.201.5 152.89.85.159 2a09:bac1:55ba:1e6:2177:7197:ee6a:4293", Addresses(list));
        Assert.Equal(11, list.Lines);
        Assert.Equal(1, list.SkippedLines); // the AS attribute: context, attribution finds the network itself
        Assert.Equal(1, list.NotAttributableCount); // 10.20.30.40
        Assert.Equal(3, list.RejectedCount);
        Assert.Collection(list.Rejected,
            r => Assert.Contains("'address|port' with a port 0-65535", r.Reason, StringComparison.Ordinal),
            r => Assert.Contains("MISP attribute type 'sha256' holds no IP address", r.Reason, StringComparison.Ordinal),
            r => Assert.Contains("MISP attribute type 'port'", r.Reason, StringComparison.Ordinal));
        Assert.Equal([7L, 8L, 11L], list.Rejected.Select(r => r.Line));
        Assert.Contains("(object ip-port)", list.Rejected[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MispEvent_TlpTagAndIepTagsBecomeMarkings()
    {
        var markings = IndicatorIntake.Read("e.json", Example("partner-event.misp.json")).Markings;

        Assert.Equal(TlpLevel.Amber, markings.Tlp);
        Assert.Equal(PurposeRestriction.InformVictims, markings.Purpose);
        Assert.Null(markings.ThirdPartyRule); // distribution 1 = this community: no third-party rule
        Assert.Contains(markings.Notes, n => n.Contains("end_date 2025-06-07", StringComparison.Ordinal) && n.Contains("not carried", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("4", true)]
    [InlineData("1", null)]
    [InlineData("3", null)]
    public void Read_MispEventDistribution_OrganisationOnlyOrSharingGroupIsTheThirdPartyRule(string distribution, bool? expected)
    {
        var json = "{\"Event\": {\"distribution\": \"" + distribution + "\", \"Attribute\": [{\"type\": \"ip-dst\", \"category\": \"Network activity\", \"value\": \"17.81.239.44\"}]}}";

        Assert.Equal(expected, IndicatorIntake.Read("e.json", json).Markings.ThirdPartyRule);
    }

    [Fact]
    public void Read_StixBundle_TakesAddressesAndSimplePatternsAndRejectsTheRestPerObject()
    {
        var result = IndicatorIntake.Read("partner-bundle.stix.json", Example("partner-bundle.stix.json"));

        Assert.Equal(IntakeFormat.StixBundle, result.Format);
        var list = result.List;
        Assert.Equal("5.135.198.151 185.62.2.67 2606:54c3:0:4cf:4828:1218:9712:52c3", Addresses(list));
        Assert.Equal(11, list.Lines);
        Assert.Equal(4, list.SkippedLines); // identity, two marking definitions, relationship
        Assert.Equal(1, list.NotAttributableCount); // 192.168.1.1
        Assert.Equal([6L, 7L, 10L], list.Rejected.Select(r => r.Line));
        Assert.Contains("is not one comparison [ipv4-addr:value = '…']", list.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("pattern type 'snort' is not imported", list.Rejected[1].Reason, StringComparison.Ordinal);
        Assert.Contains("a STIX 'domain-name' object holds no IP address", list.Rejected[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StixBundle_TlpAndIepMarkingsOfTheAddressObjectsBecomeMarkings()
    {
        var markings = IndicatorIntake.Read("b.json", Example("partner-bundle.stix.json")).Markings;

        // TLP 2.0 AMBER+STRICT beats the IEP's TLP 1.0 "amber"; contact-for-instruction is the third-party rule.
        Assert.Equal(TlpLevel.AmberStrict, markings.Tlp);
        Assert.Equal(PurposeRestriction.InformVictims, markings.Purpose);
        Assert.True(markings.ThirdPartyRule);
    }

    [Fact]
    public void Read_TaxiiEnvelope_IsReadAsStixObjects()
    {
        var envelope = """{"more": false, "objects": [{"type": "ipv4-addr", "spec_version": "2.1", "id": "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd", "value": "185.62.2.67", "object_marking_refs": ["marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"]}]}""";

        var result = IndicatorIntake.Read("taxii", envelope);

        Assert.Equal(IntakeFormat.StixBundle, result.Format);
        Assert.Equal("185.62.2.67", Addresses(result.List));
        Assert.Equal(TlpLevel.Red, result.Markings.Tlp);
    }

    [Fact]
    public void Read_ShadowserverCsv_UsesTheIpColumnAndRejectsPerRow()
    {
        var result = IndicatorIntake.Read("shadowserver-scan.csv", Example("shadowserver-scan.csv"));

        Assert.Equal(IntakeFormat.Csv, result.Format);
        var list = result.List;
        Assert.Equal("103.120.183.247 119.42.42.239 185.117.41.66 185.184.132.24 212.222.125.142", Addresses(list));
        Assert.Equal(1, list.Duplicates);
        var rejected = Assert.Single(list.Rejected);
        Assert.Equal(7, rejected.Line);
        Assert.False(result.Markings.Any);
    }

    [Theory]
    [InlineData("17.81.239.44\n103.232.247.37\n", IntakeFormat.Text)]
    [InlineData("# comment, with a comma\n17.81.239.44\n", IntakeFormat.Text)]
    [InlineData("ip,port\n17.81.239.44,541\n", IntakeFormat.Csv)]
    [InlineData("\uFEFF\"timestamp\",\"src_ip\"\n\"2024-06-07\",\"17.81.239.44\"\n", IntakeFormat.Csv)]
    [InlineData("{\"type\": \"bundle\", \"objects\": []}", IntakeFormat.StixBundle)]
    [InlineData("  {\"Event\": {}}", IntakeFormat.MispEvent)]
    [InlineData("{\"response\": [{\"Event\": {}}]}", IntakeFormat.MispEvent)]
    public void Detect_FromContent_RecognisesTheForm(string text, IntakeFormat expected) =>
        Assert.Equal(expected, IndicatorIntake.Detect(text));

    [Fact]
    public void Read_TextList_IsExactlyWhatTheLineParserReads()
    {
        var text = File.ReadAllText(RepositoryRoot.Combine("examples", "bad-lines.txt"));

        var intake = IndicatorIntake.Read("bad-lines.txt", text).List;
        var parser = IndicatorListParser.Parse("bad-lines.txt", text);

        Assert.Equal(parser.Attributable.ToArray(), intake.Attributable.ToArray());
        Assert.Equal(parser.Rejected.ToArray(), intake.Rejected.ToArray());
        Assert.Equal(parser.Lines, intake.Lines);
    }

    [Theory]
    [InlineData("{\"type\": \"bundle\", \"objects\": [")]
    [InlineData("{\"type\": \"bundle\", \"objects\": [{\"type\": \"domain-name\", \"value\": \"x.example\"}]}")]
    [InlineData("{\"Event\": {\"Attribute\": [{\"type\": \"md5\", \"value\": \"d41d8cd98f00b204e9800998ecf8427e\"}]}}")]
    [InlineData("{\"type\": \"indicator\", \"pattern\": \"[ipv4-addr:value = '17.81.239.44']\"}")]
    public void Read_NoUsableAddress_ThrowsWithTheReason(string text)
    {
        var ex = Assert.Throws<IndicatorListException>(() => IndicatorIntake.Read("f.json", text));

        Assert.StartsWith("f.json", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[ipv4-addr:value = '17.81.239.44']", "17.81.239.44")]
    [InlineData("[ipv4-addr:value='17.81.239.44']", "17.81.239.44")]
    [InlineData(" [ ipv6-addr:value =  '2001:db8::1' ] ", "2001:db8::1")]
    [InlineData("[ipv4-addr:value = '198.51.100.0/24']", "198.51.100.0/24")]
    [InlineData("[ipv4-addr:value = '1.2.3.4' OR ipv4-addr:value = '5.6.7.8']", null)]
    [InlineData("[ipv4-addr:value != '1.2.3.4']", null)]
    [InlineData("[ipv4-addr:value = '1.2.3.4'] REPEATS 5 TIMES", null)]
    [InlineData("[domain-name:value = 'x.example']", null)]
    [InlineData("[ipv4-addr:value = '1.2.3.4\\']", null)]
    public void SimpleAddressPattern_OnlyOneEqualityComparison_GivesItsAddress(string pattern, string? expected) =>
        Assert.Equal(expected, StixBundleReader.SimpleAddressPattern(pattern));

    private static readonly Gen<OriginatorConditions> Conditions =
        from tlp in Gen.Elements(TlpLevels.All.ToArray())
        from purpose in Gen.Elements(PurposeRestriction.None, PurposeRestriction.InformVictims)
        from thirdParty in ArbMap.Default.GeneratorFor<bool>()
        from consent in ArbMap.Default.GeneratorFor<bool>()
        select new OriginatorConditions(tlp, purpose, thirdParty, consent);

    private static readonly Gen<OriginatorMarkings> Markings =
        from tlp in Gen.Elements<TlpLevel?>([null, .. TlpLevels.All])
        from purpose in Gen.Elements<PurposeRestriction?>(null, PurposeRestriction.None, PurposeRestriction.InformVictims)
        from thirdParty in Gen.Elements<bool?>(null, false, true)
        select new OriginatorMarkings(tlp, purpose, thirdParty, ImmutableArray<string>.Empty);

    [Fact]
    public void ApplyTo_AnyMarkings_NeverLoosensTheCaseAndHonoursEveryRestrictionOfTheFile()
    {
        Prop.ForAll(Conditions.ToArbitrary(), Markings.ToArbitrary(), (c, m) =>
        {
            var after = m.ApplyTo(c);
            return after.Tlp >= c.Tlp
                && (m.Tlp is not { } t || after.Tlp >= t)
                && (c.Purpose != PurposeRestriction.InformVictims || after.Purpose == PurposeRestriction.InformVictims)
                && (m.Purpose != PurposeRestriction.InformVictims || after.Purpose == PurposeRestriction.InformVictims)
                && (!c.ThirdPartyRule || after.ThirdPartyRule)
                && (m.ThirdPartyRule != true || after.ThirdPartyRule)
                && (!after.OriginatorConsent || c.OriginatorConsent)
                && (m.Any || after == c);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ApplyTo_ANeutralCase_TakesTheFilesConditionsExactly()
    {
        Prop.ForAll(Conditions.ToArbitrary(), c =>
        {
            var neutral = new OriginatorConditions(TlpLevel.Clear, PurposeRestriction.None, false, false);
            var marked = new OriginatorMarkings(c.Tlp, c.Purpose, c.ThirdPartyRule, []);
            return marked.ApplyTo(neutral) == c with { OriginatorConsent = false };
        }).QuickCheckThrowOnFailure();
    }
}
