using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grondslag.Delivery.Misp;
using Grondslag.Delivery.Stix;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Indicators.Intake;
using Grondslag.Domain.Law;
using Grondslag.Testing;
using Json.Schema;

namespace Grondslag.Delivery.Tests.Formats;

/// <summary>
/// The originator's conditions travel machine-readably (TLP 2.0 + FIRST IEP 2.0 in STIX, tlp + iep2-policy tags in
/// MISP), every emitted document validates against the published schemas, and what Grondslag emits imports back into
/// a case with the same addresses and conditions.
/// </summary>
public sealed class ConditionsTravelTests
{
    private static readonly StixBundleWriter Stix = new(SenderIdentity.Ncsc);
    private static readonly MispEventWriter Misp = new(SenderIdentity.Ncsc);

    /// <summary>Every combination of the conditions a released share can carry (consent given where the third-party rule asks for it).</summary>
    public static TheoryData<TlpLevel, PurposeRestriction, bool> AllConditions()
    {
        var data = new TheoryData<TlpLevel, PurposeRestriction, bool>();
        foreach (var tlp in TlpLevels.All)
        {
            foreach (var purpose in new[] { PurposeRestriction.None, PurposeRestriction.InformVictims })
            {
                data.Add(tlp, purpose, false);
                data.Add(tlp, purpose, true);
            }
        }

        return data;
    }

    /// <summary>A share of globally reachable (so attributable) addresses, released by the gate under the conditions.</summary>
    private static ReleasedShare Share(TlpLevel tlp, PurposeRestriction purpose, bool thirdParty) =>
        TestShares.Release(
            TestShares.Party("cert-fr", "CERT-FR", "FR", "cert-fr@contacts.example", null),
            [
                TestShares.Indicator("17.81.239.44", "FR", 3215, "Orange S.A."),
                TestShares.Indicator("147.135.201.5", "FR", 16276, "OVH SAS"),
                TestShares.Indicator("2a01:4f9:3081:326e:1071:eed0:a700:fcb2", "FR", 24940, "Hetzner Online GmbH"),
            ],
            shareId: "share-fr-rt",
            tlp: tlp,
            originator: new OriginatorConditions(tlp, purpose, thirdParty, OriginatorConsent: true));

    private static readonly OriginatorConditions Neutral = new(TlpLevel.Clear, PurposeRestriction.None, false, false);

    [Theory]
    [MemberData(nameof(AllConditions))]
    public void StixBundle_RoundTrip_ImportsTheSameAddressesAndConditions(TlpLevel tlp, PurposeRestriction purpose, bool thirdParty)
    {
        var share = Share(tlp, purpose, thirdParty);

        var read = IndicatorIntake.Read("bundle.json", Json.Indented(Stix.Build(share)));

        Assert.Equal(IntakeFormat.StixBundle, read.Format);
        Assert.Equal(share.Indicators.Select(i => i.Address).Order(), read.List.Attributable);
        Assert.Equal(0, read.List.RejectedCount);
        Assert.Equal(share.Originator with { OriginatorConsent = false }, read.Markings.ApplyTo(Neutral));
    }

    [Theory]
    [MemberData(nameof(AllConditions))]
    public void MispEvent_RoundTrip_ImportsTheSameAddressesAndConditions(TlpLevel tlp, PurposeRestriction purpose, bool thirdParty)
    {
        var share = Share(tlp, purpose, thirdParty);

        var read = IndicatorIntake.Read("event.json", Json.Indented(Misp.Build(share)));

        Assert.Equal(IntakeFormat.MispEvent, read.Format);
        Assert.Equal(share.Indicators.Select(i => i.Address).Order(), read.List.Attributable);
        Assert.Equal(0, read.List.RejectedCount);
        Assert.Equal(share.Originator with { OriginatorConsent = false }, read.Markings.ApplyTo(Neutral));
    }

    [Theory]
    [MemberData(nameof(AllConditions))]
    public void StixBundle_IepMarking_SaysWhatTheConditionsSay(TlpLevel tlp, PurposeRestriction purpose, bool thirdParty)
    {
        var share = Share(tlp, purpose, thirdParty);
        var objects = Stix.Build(share)["objects"]!.AsArray().Select(o => o!.AsObject()).ToList();

        var iep = Assert.Single(objects, o => o["extensions"]?[IepMarkings.ExtensionDefinitionId] is not null);
        var body = iep["extensions"]![IepMarkings.ExtensionDefinitionId]!;
        Assert.Equal(IepPolicy.TlpWord(tlp), (string)body["tlp"]!);
        Assert.Equal(thirdParty ? "contact-for-instruction" : purpose == PurposeRestriction.InformVictims ? "internally-visible-actions" : "externally-visible-direct-actions",
            (string)body["permitted_actions"]!);
        Assert.Equal("may", (string)body["affected_party_notifications"]!);
        Assert.Equal("must-not", (string)body["unmodified_resale"]!);
        Assert.Equal(tlp == TlpLevel.Clear && !thirdParty && share.Assessment.Verdict == Verdict.Permitted ? "may" : "must", (string)body["encrypt_in_transit"]!);
        Assert.Equal(2.0, (double)body["iep_version"]!);
        Assert.All(objects.Where(o => (string)o["type"]! is not ("marking-definition" or "extension-definition")),
            o => Assert.Contains((string)iep["id"]!, o["object_marking_refs"]!.AsArray().Select(r => (string)r!)));
    }

    [Theory]
    [MemberData(nameof(AllConditions))]
    public void StixBundle_WithIepAndExtensionDefinition_ValidatesAgainstTheOasisSchemas(TlpLevel tlp, PurposeRestriction purpose, bool thirdParty)
    {
        var share = Share(tlp, purpose, thirdParty);
        var withdrawal = TestShares.Withdrawal(share.Recipient, share.Indicators, share.ShareId, share.CaseId, tlp);
        foreach (var bundle in new[] { Stix.Build(share), Stix.BuildRevocation(withdrawal, TestShares.ReleaseInstant.AddDays(1), "Withdrawn by the originator.") })
        {
            using var document = JsonDocument.Parse(Json.Indented(bundle));
            var failures = StixSchemas.Errors(StixSchemas.BundleWithExtensionDefinitions, document.RootElement).ToList();
            foreach (var o in document.RootElement.GetProperty("objects").EnumerateArray())
            {
                failures.AddRange(StixSchemas.ObjectErrors(o));
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
    }

    [Fact]
    public void StixBundle_ExtensionDefinition_IsThePublishedObjectAndDescribesEveryProperty()
    {
        var bundle = Stix.Build(Share(TlpLevel.Amber, PurposeRestriction.InformVictims, false));
        var definition = Assert.Single(bundle["objects"]!.AsArray(), o => (string)o!["type"]! == "extension-definition")!;

        Assert.Equal(StixBundleWriter.DisclosureExtensionId, (string)definition["id"]!);
        Assert.True(JsonNode.DeepEquals(DisclosureExtensionDefinition.Build(SenderIdentity.Ncsc), definition));
        var report = bundle["objects"]!.AsArray().Single(o => (string)o!["type"]! == "report")!;
        foreach (var property in report["extensions"]![StixBundleWriter.DisclosureExtensionId]!.AsObject().Select(p => p.Key))
        {
            Assert.Contains(property + ":", (string)definition["schema"]!, StringComparison.Ordinal);
        }

        using var document = JsonDocument.Parse(definition.ToJsonString());
        Assert.Empty(StixSchemas.ObjectErrors(document.RootElement));
    }

    [Theory]
    [MemberData(nameof(AllConditions))]
    public void MispEvent_ValidatesAgainstPyMispsSchemaWithAllowedTypesAndCategories(TlpLevel tlp, PurposeRestriction purpose, bool thirdParty)
    {
        var e = Misp.Build(Share(tlp, purpose, thirdParty));
        using var document = JsonDocument.Parse(Json.Indented(e));

        Assert.Empty(StixSchemas.Errors(MispSchema.Event.Value, document.RootElement));
        foreach (var a in document.RootElement.GetProperty("Event").GetProperty("Attribute").EnumerateArray())
        {
            var type = a.GetProperty("type").GetString()!;
            var category = a.GetProperty("category").GetString()!;
            Assert.Contains(type, MispSchema.Types.Value);
            Assert.Contains(category, MispSchema.Categories.Value);
            Assert.Contains(type, MispSchema.TypesOf(category));
        }

        var orgc = document.RootElement.GetProperty("Event").GetProperty("Orgc");
        Assert.Equal(MispEventWriter.OrganisationUuid(SenderIdentity.Ncsc).ToString("D"), orgc.GetProperty("uuid").GetString());
        var tags = document.RootElement.GetProperty("Event").GetProperty("Tag").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList();
        Assert.Contains($"iep2-policy:tlp=\"{IepPolicy.TlpWord(tlp)}\"", tags);
        Assert.Contains(tags, t => t.StartsWith("iep2-policy:permitted_actions=", StringComparison.Ordinal));
    }

    [Fact]
    public void MispSchema_AnEventWithoutOrgcUuid_IsRejected()
    {
        // The schema is not vacuous: the event Grondslag used to emit (Orgc without uuid) fails it.
        var e = Misp.Build(Share(TlpLevel.Amber, PurposeRestriction.InformVictims, false));
        e["Event"]!["Orgc"] = new JsonObject { ["name"] = "NCSC-NL" };
        using var document = JsonDocument.Parse(e.ToJsonString());

        Assert.NotEmpty(StixSchemas.Errors(MispSchema.Event.Value, document.RootElement));
    }

    [Fact]
    public void MispEvent_OrganisationUuid_IsStablePerOrganisation()
    {
        var other = new SenderIdentity("CERT-EXAMPLE", "a@example.org", "a@example.org");

        Assert.Equal(MispEventWriter.OrganisationUuid(SenderIdentity.Ncsc), MispEventWriter.OrganisationUuid(SenderIdentity.Ncsc with { Email = "x@ncsc.nl" }));
        Assert.NotEqual(MispEventWriter.OrganisationUuid(SenderIdentity.Ncsc), MispEventWriter.OrganisationUuid(other));
    }

    /// <summary>PyMISP's event schema and attribute table from ../shared/reference/misp-format.</summary>
    private static class MispSchema
    {
        private static string Folder => Path.GetFullPath(RepositoryRoot.Combine("..", "shared", "reference", "misp-format"));

        /// <summary>
        /// The schema is draft-04 with its definitions under <c>defs</c>; the keywords it uses (type, properties,
        /// additionalProperties, required, items, uniqueItems, $ref) mean the same in draft 2020-12, where definitions
        /// live under <c>$defs</c>: only those names change.
        /// </summary>
        public static readonly Lazy<JsonSchema> Event = new(() =>
        {
            var text = File.ReadAllText(Path.Combine(Folder, "event-schema.json"))
                .Replace("http://json-schema.org/draft-04/schema#", "https://json-schema.org/draft/2020-12/schema", StringComparison.Ordinal)
                .Replace("\"#/defs/", "\"#/$defs/", StringComparison.Ordinal)
                .Replace("\"defs\":", "\"$defs\":", StringComparison.Ordinal);
            var node = JsonNode.Parse(text)!.AsObject();
            node.Remove("id");

            // PyMISP's schema lists "required" inside sharing_group's properties (a misplaced keyword, not a schema);
            // a draft-04 validator that does not check the schema ignores it, a 2020-12 one refuses to load it.
            node["$defs"]!["sharing_group"]!["properties"]!.AsObject().Remove("required");
            return JsonSchema.FromText(node.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        });

        private static readonly Lazy<JsonElement> Describe = new(() =>
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "describeTypes.json")));
            var root = document.RootElement.TryGetProperty("result", out var r) ? r : document.RootElement;
            return root.Clone();
        });

        public static readonly Lazy<ImmutableHashSet<string>> Types = new(() => [.. Describe.Value.GetProperty("types").EnumerateArray().Select(t => t.GetString()!)]);

        public static readonly Lazy<ImmutableHashSet<string>> Categories = new(() => [.. Describe.Value.GetProperty("categories").EnumerateArray().Select(t => t.GetString()!)]);

        public static ImmutableHashSet<string> TypesOf(string category) =>
            [.. Describe.Value.GetProperty("category_type_mappings").GetProperty(category).EnumerateArray().Select(t => t.GetString()!)];
    }
}
