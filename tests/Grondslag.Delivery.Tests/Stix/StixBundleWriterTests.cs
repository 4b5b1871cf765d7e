using System.Text.Json;
using System.Text.Json.Nodes;
using Grondslag.Delivery.Stix;
using Grondslag.Domain.Law;
using Grondslag.Testing;

namespace Grondslag.Delivery.Tests.Stix;

public sealed class StixBundleWriterTests
{
    private static readonly StixBundleWriter Writer = new(SenderIdentity.Ncsc);

    public static TheoryData<string> Variants => ["release", "revocation", "release-clear", "release-red", "release-amber-strict", "release-green"];

    private static JsonObject Bundle(string variant) => variant switch
    {
        "release" => Writer.Build(TestShares.France()),
        "revocation" => Writer.BuildRevocation(TestShares.FranceWithdrawal(), TestShares.ReleaseInstant.AddDays(2), "The originator withdrew its consent."),
        "release-clear" => Writer.Build(TestShares.France(tlp: TlpLevel.Clear)),
        "release-green" => Writer.Build(TestShares.France(tlp: TlpLevel.Green)),
        "release-red" => Writer.Build(TestShares.France(tlp: TlpLevel.Red)),
        "release-amber-strict" => Writer.Build(TestShares.France(tlp: TlpLevel.AmberStrict)),
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Build_EveryBundleAndEveryObject_ValidatesAgainstTheOasisSchemas(string variant)
    {
        var json = Json.Indented(Bundle(variant));
        using var document = JsonDocument.Parse(json);
        var failures = new List<string>();
        failures.AddRange(StixSchemas.Errors(StixSchemas.BundleWithExtensionDefinitions, document.RootElement).Select(e => "bundle: " + e));
        foreach (var item in document.RootElement.GetProperty("objects").EnumerateArray())
        {
            var type = item.GetProperty("type").GetString()!;
            failures.AddRange(StixSchemas.Errors(StixSchemas.For(type), item).Select(e => $"{item.GetProperty("id").GetString()}: {e}"));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Schemas_TheUnpatchedBundleSchema_RejectsEveryExtensionDefinition()
    {
        // Why the bundle is validated with extension-definition added to the OASIS list: as published, a bundle holding
        // nothing but a spec-valid extension definition (valid against extension-definition.json itself) fails.
        var definition = DisclosureExtensionDefinition.Build(SenderIdentity.Ncsc);
        using var alone = JsonDocument.Parse(definition.ToJsonString());
        Assert.Empty(StixSchemas.ObjectErrors(alone.RootElement));
        var bundle = new JsonObject { ["type"] = "bundle", ["id"] = "bundle--6b2f0c1e-0a8a-4f6e-9d43-1c2b3a4d5e6f", ["objects"] = new JsonArray(definition) };
        using var document = JsonDocument.Parse(bundle.ToJsonString());

        Assert.NotEmpty(StixSchemas.Errors(StixSchemas.For("bundle"), document.RootElement));
        Assert.Empty(StixSchemas.Errors(StixSchemas.BundleWithExtensionDefinitions, document.RootElement));
    }

    [Fact]
    public void Schemas_ABrokenIndicator_AreNotVacuous()
    {
        // Guard against a validator that accepts anything: a seconds-only timestamp and a v4 id with a bad variant must fail.
        var indicator = Writer.Build(TestShares.France())["objects"]!.AsArray().First(o => (string)o!["type"]! == "indicator")!.AsObject();
        indicator["created"] = "2024-06-10T09:30:15Z";
        indicator["id"] = "indicator--00000000-0000-4000-0000-000000000000";
        using var document = JsonDocument.Parse(indicator.ToJsonString());
        Assert.NotEmpty(StixSchemas.Errors(StixSchemas.For("indicator"), document.RootElement));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Build_EveryObjectButTheDefinitions_CarriesTheTlpAndIepMarkings(string variant)
    {
        var bundle = Bundle(variant);
        foreach (var o in bundle["objects"]!.AsArray().Select(n => n!.AsObject()))
        {
            // Marking definitions cannot be marked; the extension definition is public (the same at the well-known URL).
            if ((string)o["type"]! is "marking-definition" or "extension-definition")
            {
                continue;
            }

            var refs = o["object_marking_refs"]!.AsArray().Select(r => (string)r!).ToList();
            Assert.Equal(2, refs.Count);
            Assert.Contains(refs, r => TlpLevels.All.Any(l => TlpMarkings.Id(l) == r));
            Assert.All(refs, r => Assert.Contains(bundle["objects"]!.AsArray(), m => (string)m!["id"]! == r));
        }
    }

    [Theory]
    [InlineData(TlpLevel.Clear, "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "clear")]
    [InlineData(TlpLevel.Green, "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", "green")]
    [InlineData(TlpLevel.Amber, "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", "amber")]
    [InlineData(TlpLevel.AmberStrict, "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", "amber+strict")]
    [InlineData(TlpLevel.Red, "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", "red")]
    public void Build_TlpMarking_IsTheOfficialOasisTlp20Object(TlpLevel level, string id, string wire)
    {
        var bundle = Writer.Build(TestShares.France(tlp: level));
        var marking = bundle["objects"]!.AsArray().Single(o => (string)o!["type"]! == "marking-definition" && o["extensions"]?[TlpMarkings.ExtensionDefinitionId] is not null)!.AsObject();
        Assert.Equal(id, (string)marking["id"]!);
        Assert.Equal("2022-10-01T00:00:00.000Z", (string)marking["created"]!);
        Assert.Equal("TLP:" + wire.ToUpperInvariant(), (string)marking["name"]!);
        var extension = marking["extensions"]!["extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"]!;
        Assert.Equal("property-extension", (string)extension["extension_type"]!);
        Assert.Equal(wire, (string)extension["tlp_2_0"]!);
    }

    [Fact]
    public void Build_Indicators_OnePerAddressWithItsPattern()
    {
        var objects = Writer.Build(TestShares.France())["objects"]!.AsArray();
        var patterns = objects.Where(o => (string)o!["type"]! == "indicator").Select(o => (string)o!["pattern"]!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["[ipv4-addr:value = '198.51.100.7']", "[ipv4-addr:value = '198.51.100.9']", "[ipv6-addr:value = '2001:db8::42']"], patterns);
        Assert.Equal(2, objects.Count(o => (string)o!["type"]! == "autonomous-system"));
    }

    [Fact]
    public void Build_SameShareTwice_GivesIdenticalJson()
    {
        Assert.Equal(Json.Indented(Writer.Build(TestShares.France())), Json.Indented(Writer.Build(TestShares.France())));
    }

    [Fact]
    public void Build_ScoIds_AreTheSpecsUuidV5OfTheContributingProperties()
    {
        // STIX 2.1 §2.9: UUIDv5 in namespace 00abedb4-…, name = canonical JSON of the id-contributing properties.
        var objects = Writer.Build(TestShares.France())["objects"]!.AsArray();
        var address = objects.Single(o => (string)o!["type"]! == "ipv4-addr" && (string)o!["value"]! == "198.51.100.7")!;
        Assert.Equal("ipv4-addr--" + StixIds.UuidV5(StixIds.ScoNamespace, "{\"value\":\"198.51.100.7\"}").ToString("D"), (string)address["id"]!);
        var system = objects.Single(o => (string)o!["type"]! == "autonomous-system" && (uint)o!["number"]! == 64500)!;
        Assert.Equal("autonomous-system--" + StixIds.UuidV5(StixIds.ScoNamespace, "{\"number\":64500}").ToString("D"), (string)system["id"]!);
    }

    [Fact]
    public void UuidV5_KnownVector_MatchesRfc9562()
    {
        // RFC 9562 appendix A.4: UUIDv5 of "www.example.com" in the DNS namespace.
        Assert.Equal(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"), StixIds.UuidV5(new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com"));
    }

    [Fact]
    public void Build_ReportAndIndicators_CarryLegalBasisPurposeAndRuleSetHash()
    {
        var share = TestShares.France();
        var objects = Writer.Build(share)["objects"]!.AsArray();
        foreach (var o in objects.Where(o => (string)o!["type"]! is "report" or "indicator"))
        {
            var extension = o!["extensions"]![StixBundleWriter.DisclosureExtensionId]!;
            Assert.Equal(share.Assessment.Basis.Select(c => c.Short), extension["legal_basis"]!.AsArray().Select(c => (string)c!["citation"]!));
            Assert.Equal("inform-victims", (string)extension["purpose_restriction"]!);
            Assert.Equal(share.Assessment.RuleSetSha256, (string)extension["rule_set_sha256"]!);
            Assert.Equal("permitted", (string)extension["verdict"]!);
        }

        var report = objects.Single(o => (string)o!["type"]! == "report")!;
        Assert.Contains(share.Assessment.Basis[0].Short, (string)report["description"]!, StringComparison.Ordinal);
        Assert.Contains(share.CaseId, report["external_references"]!.AsArray().Select(r => (string)r!["external_id"]!));
    }

    [Fact]
    public void BuildRevocation_RepublishesTheSameSdosRevokedWithANewerModified()
    {
        var share = TestShares.France();
        var released = Writer.Build(share)["objects"]!.AsArray().Select(o => o!.AsObject()).ToList();
        var revocation = Writer.BuildRevocation(TestShares.FranceWithdrawal(), TestShares.ReleaseInstant.AddDays(2), "withdrawn")["objects"]!.AsArray().Select(o => o!.AsObject()).ToList();
        foreach (var type in new[] { "indicator", "report" })
        {
            var before = released.Where(o => (string)o["type"]! == type).ToDictionary(o => (string)o["id"]!);
            var after = revocation.Where(o => (string)o["type"]! == type && o["revoked"] is not null).ToList();
            Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Select(o => (string)o["id"]!).Order(StringComparer.Ordinal));
            foreach (var o in after)
            {
                Assert.True((bool)o["revoked"]!);
                Assert.Equal((string)before[(string)o["id"]!]["created"]!, (string)o["created"]!);
                Assert.True(string.CompareOrdinal((string)o["modified"]!, (string)before[(string)o["id"]!]["modified"]!) > 0);
            }
        }
    }

    [Fact]
    public void BuildRevocation_NotAfterRelease_IsRejected()
    {
        var withdrawal = TestShares.FranceWithdrawal();
        Assert.Throws<ArgumentOutOfRangeException>(() => Writer.BuildRevocation(withdrawal, withdrawal.ReleasedAt, "too early"));
    }

    [Fact]
    public void Build_OtherRecipientsShare_HasNoneOfTheFirstsAddresses()
    {
        var json = Json.Indented(Writer.Build(TestShares.Austria()));
        Assert.DoesNotContain("198.51.100.7", json, StringComparison.Ordinal);
        Assert.Contains("203.0.113.77", json, StringComparison.Ordinal);
    }
}
