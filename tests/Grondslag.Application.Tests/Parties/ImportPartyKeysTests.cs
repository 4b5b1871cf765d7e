using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Grondslag.Application.Activation;
using Grondslag.Application.Auditing;
using Grondslag.Application.Parties;
using Grondslag.Attribution.Parties;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Parties;
using Grondslag.Storage;
using Grondslag.Storage.Admin;

namespace Grondslag.Application.Tests.Parties;

/// <summary>
/// <see cref="ImportPartyKeys"/> over the real activation store and audit log of either provider, with the keyring (the
/// server's port) scripted: the report, the keys stored, the registry change proposed (not in force) and the audit.
/// </summary>
[TestsOf(typeof(ImportPartyKeys))]
public sealed class ImportPartyKeysTests
{
    private static readonly Actor Ada = new("ada", Role.Administrator);
    private static readonly string France = new('A', 40);
    private static readonly string Unknown = new('B', 40);
    private static readonly string Revoked = new('C', 40);
    private static readonly string Expired = new('D', 40);

    public static TheoryData<DatabaseProvider> Providers => UseCaseWorld.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExecuteAsync_KeyForCertFrAmongUnusableOnes_OnlyItStoredRegistryChangeProposedNotInForce_ReportAudited(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var inForce = await ActivateDefaultRegistryAsync(world);
        var keyring = new ScriptedKeyring();

        var imported = await ImportAsync(world, keyring, [new KeyFile("fr.asc", "fr"), new KeyFile("export.asc", "export"), new KeyFile("junk.asc", "junk")], null, Ada);

        Assert.True(imported.IsOk, imported.Refusal?.Reason);
        var lines = imported.Value!.Keys;
        Assert.Equal(
            [("fr.asc", France, "cert-fr", KeyImportStatus.Proposed), ("export.asc", Unknown, null, KeyImportStatus.Refused), ("export.asc", Revoked, null, KeyImportStatus.Refused),
                ("export.asc", Expired, null, KeyImportStatus.Refused), ("junk.asc", "-", null, KeyImportStatus.Refused)],
            lines.Select(l => (l.File, l.Key, l.Party, l.Status)));
        Assert.Contains("unknown party", lines[1].Reason, StringComparison.Ordinal);
        Assert.Contains("revoked", lines[2].Reason, StringComparison.Ordinal);
        Assert.Contains("expired on 2024-06-09", lines[3].Reason, StringComparison.Ordinal);
        Assert.Equal([France], keyring.Stored.Select(k => k.Facts.Fingerprint));

        // The change is a proposal a second administrator approves: the registry in force is unchanged.
        var proposal = imported.Value.Proposal!;
        var row = Assert.Single(await world.RowsAsync<ActivationProposalRow>());
        Assert.Equal((proposal.Id, "parties", "ada", (string?)null, proposal.Version.Sha256), (row.Id, row.Kind, row.ProposedBy, row.ApprovedBy, row.Sha256));
        var proposed = PartyRegistryLoader.Load("proposal", row.Content);
        Assert.Equal(France, OpenPgpFingerprints.Normalise(proposed.Find("cert-fr")!.Channels.Single(c => c.Kind == ChannelKind.Email).OpenPgpFingerprint));
        var activation = Assert.Single(await world.RowsAsync<ActivationRow>());
        Assert.Equal(inForce, activation.Sha256);
        var audit = await world.AuditAsync();
        var propose = Assert.Single(audit, a => a.Action == "parties.propose");
        var import = Assert.Single(audit, a => a.Action == "party-keys.import");
        Assert.True(import.Index > propose.Index);
        Assert.Equal(("ada", proposal.Version.Sha256, (string?)null), (import.Actor, import.Subject, import.CaseId));
        var payload = JsonNode.Parse(import.Payload)!;
        Assert.Equal(proposal.Id, payload["proposal"]!.GetValue<long>());
        Assert.Equal(["proposed", "refused", "refused", "refused", "refused"], payload["keys"]!.AsArray().Select(k => k!["status"]!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExecuteAsync_NotAdministratorNoFilesUnknownPartyNoKeyringNoRegistry_RefusedNothingStoredOrProposed_AllKeysUnusable_AuditedWithoutProposal(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var keyring = new ScriptedKeyring();
        KeyFile[] fr = [new KeyFile("fr.asc", "fr")];

        var noRegistry = await ImportAsync(world, keyring, fr, null, Ada);
        var registry = await ActivateDefaultRegistryAsync(world);
        var analyst = await ImportAsync(world, keyring, fr, null, UseCaseWorld.Alice);
        var noFiles = await ImportAsync(world, keyring, [], null, Ada);
        var blank = await ImportAsync(world, keyring, [new KeyFile("empty.asc", "  ")], null, Ada);
        var noParty = await ImportAsync(world, keyring, fr, "no-such-team", Ada);
        var noKeyring = await ImportAsync(world, new ScriptedKeyring { Unavailable = "No keyring folder is configured (Delivery:Keyring)." }, fr, null, Ada);

        Assert.Equal(
            [RefusalKind.Conflict, RefusalKind.NotAllowed, RefusalKind.Invalid, RefusalKind.Invalid, RefusalKind.NotFound, RefusalKind.Conflict],
            new[] { noRegistry, analyst, noFiles, blank, noParty, noKeyring }.Select(o => o.Refusal?.Kind));
        Assert.Contains("no-such-team", noParty.Refusal!.Reason, StringComparison.Ordinal);
        Assert.Contains("Delivery:Keyring", noKeyring.Refusal!.Reason, StringComparison.Ordinal);
        Assert.Empty(keyring.Stored);
        Assert.Empty(await world.RowsAsync<ActivationProposalRow>());
        Assert.DoesNotContain(await world.AuditAsync(), a => a.Action == "party-keys.import");

        // Nothing usable: reported and audited against the registry in force, nothing stored, nothing proposed.
        var unusable = await ImportAsync(world, keyring, [new KeyFile("export.asc", "export")], null, Ada);

        Assert.True(unusable.IsOk, unusable.Refusal?.Reason);
        Assert.Null(unusable.Value!.Proposal);
        Assert.All(unusable.Value.Keys, l => Assert.Equal(KeyImportStatus.Refused, l.Status));
        Assert.Empty(keyring.Stored);
        Assert.Empty(await world.RowsAsync<ActivationProposalRow>());
        var import = Assert.Single(await world.AuditAsync(), a => a.Action == "party-keys.import");
        Assert.Equal(("ada", registry), (import.Actor, import.Subject));
        Assert.Null(JsonNode.Parse(import.Payload)!["proposal"]);
    }

    private static Task<Outcome<KeyImportReport>> ImportAsync(UseCaseWorld world, ScriptedKeyring keyring, IReadOnlyList<KeyFile> files, string? partyId, Actor actor) =>
        world.RunWithContextAsync((db, _, a) =>
        {
            var store = new EfActivationStore(db, a);
            var loader = new RegistryLoader();
            return new ImportPartyKeys(keyring, store, loader, new ProposeActivation(loader, store, world.Clock), a, world.Clock).ExecuteAsync(files, partyId, actor);
        });

    /// <summary>Brings the repository's registry into force as start-up does (by system, audited); returns its hash.</summary>
    private static async Task<string> ActivateDefaultRegistryAsync(UseCaseWorld world)
    {
        var loaded = new RegistryLoader().Parties(await File.ReadAllBytesAsync(Path.Combine(TestEnvironment.Root, "parties", "default.yaml")));
        var version = loaded.Value!.Version;
        await world.RunWithContextAsync((db, _, a) => new EfActivationStore(db, a).ActivateAsync(version, "system", world.Clock.GetUtcNow(), null,
            new AuditRecord(ReferenceKind.Parties.ActivateAction(), "system", "system", null, version.Sha256, new JsonObject { ["sha256"] = version.Sha256 }), CancellationToken.None));
        return version.Sha256;
    }

    /// <summary>Registries as the server's loader reads them (its YAML, hashed); rule sets are not needed here.</summary>
    private sealed class RegistryLoader : IReferenceLoader
    {
        public Outcome<LoadedReference> RuleSetOnDisk(string? cbwEntryIntoForce) => throw new NotSupportedException();

        public Outcome<LoadedReference> PartiesOnDisk() => throw new NotSupportedException();

        public Outcome<LoadedReference> Parties(ReadOnlyMemory<byte> yaml) => Load(Encoding.UTF8.GetString(yaml.Span));

        public Outcome<LoadedReference> Load(ReferenceVersion version) => Load(version.Content);

        private static Outcome<LoadedReference> Load(string yaml)
        {
            var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml)));
            var registry = PartyRegistryLoader.Load("registry", yaml, sha);
            return Outcome<LoadedReference>.Ok(new LoadedReference(new ReferenceVersion(ReferenceKind.Parties, sha, yaml, null), null, registry, 0, []));
        }
    }

    /// <summary>
    /// The keyring as a script: "fr" holds CERT-FR's key; "export" a key of nobody, a revoked one and an expired one;
    /// anything else one unreadable block. Stored keys are remembered.
    /// </summary>
    private sealed class ScriptedKeyring : IRecipientKeyring
    {
        private static readonly DateTimeOffset Created = UseCaseWorld.Day1.AddYears(-1);

        public string? Unavailable { get; init; }

        public List<ReadKey> Stored { get; } = [];

        public ReadKeys Read(string armoured) => armoured switch
        {
            "fr" => new([Key(France, "cert-fr@contacts.example")], []),
            "export" => new([Key(Unknown, "soc@nowhere.example"), Key(Revoked, "cert-be@contacts.example", revoked: true),
                Key(Expired, "cert-at@contacts.example", expires: UseCaseWorld.Day1.AddDays(-1))], []),
            _ => new([], ["block 1: not an OpenPGP public key block"]),
        };

        public OpenPgpKeyFacts? Find(string fingerprint) => Stored.Select(k => k.Facts).FirstOrDefault(k => k.Fingerprint == fingerprint);

        public void Store(IReadOnlyList<ReadKey> keys) => Stored.AddRange(keys);

        private static ReadKey Key(string fingerprint, string email, bool revoked = false, DateTimeOffset? expires = null) =>
            new(new OpenPgpKeyFacts(fingerprint, [$"Team <{email}>"], [email], Created, expires, revoked, true, null), Encoding.ASCII.GetBytes(fingerprint));
    }
}
