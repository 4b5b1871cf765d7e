using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Delivery.Email;
using Grondslag.Domain.Parties;
using Grondslag.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grondslag.Server.Tests.Parties;

/// <summary>
/// Importing parties' OpenPGP keys (<c>POST /api/admin/parties/keys</c>, as <c>grondslag admin parties import-keys</c>
/// and the parties page): per key what was imported or refused and why; usable keys go into the mail keyring; a changed
/// fingerprint or address is only a proposal that another administrator approves (no side door past four eyes); and
/// shares to recipients without a usable key carry loud warnings before anyone approves.
/// </summary>
public sealed class PartyKeyImportTests
{
    private const string KeyringSetting = "Grondslag:Delivery:Keyring:Directory";

    private static async Task<(TestServerHost Host, string Keyring)> StartAsync(DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var keyring = Path.Combine(Path.GetTempPath(), "grondslag-keyring-" + Guid.NewGuid().ToString("N"));
        return (await TestServerHost.StartAsync(provider, settings: new Dictionary<string, string> { [KeyringSetting] = keyring }), keyring);
    }

    private static string? EmailKey(TestServerHost host, string party) =>
        host.Services.GetRequiredService<ISharingContext>().Parties.Find(party)!.Channels.First(c => c.Kind == ChannelKind.Email).OpenPgpFingerprint;

    private static string? EmailAddress(TestServerHost host, string party) =>
        host.Services.GetRequiredService<ISharingContext>().Parties.Find(party)!.Channels.First(c => c.Kind == ChannelKind.Email).Address;

    private static object Files(params (string Name, string Text)[] files) => files.Select(f => new { name = f.Name, armoured = f.Text }).ToArray();

    private static JsonObject Line(JsonNode report, string key) =>
        report["keys"]!.AsArray().Single(k => k!["key"]!.GetValue<string>() == key)!.AsObject();

    [Fact]
    public async Task ImportKeys_KeyserverExport_ReportsEachKeyStoresOnlyUsableOnesAndChangesTheRegistryOnlyAfterASecondAdministrator()
    {
        var (host, keyring) = await StartAsync();
        await using var owned = host;
        using var admin = await host.SignedInAsync("root", ["administrator"]);
        var good = TestPublicKeys.Make(new("CERT.at <cert-at@contacts.example>"));
        var expired = TestPublicKeys.Make(new("CERT.be <cert-be@contacts.example>", ValidFor: TimeSpan.FromDays(30)));
        var revoked = TestPublicKeys.Make(new("CERT Bulgaria <cert-bg@contacts.example>", Revoked: true));
        var signingOnly = TestPublicKeys.Make(new("CERT.hr <cert-hr@contacts.example>", EncryptionSubkey: false));
        var unknown = TestPublicKeys.Make(new("Somebody <nobody@elsewhere.example>"));
        var export = string.Concat(good.Armoured, expired.Armoured, revoked.Armoured, signingOnly.Armoured, unknown.Armoured);
        const string broken = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbm90IGEga2V5\n=AAAA\n-----END PGP PUBLIC KEY BLOCK-----\n";

        var report = await admin.PostAsJsonAsync("/api/admin/parties/keys", new { files = Files(("keyserver.asc", export), ("broken.asc", broken)) })
            .ExpectAsync(HttpStatusCode.Accepted);

        Assert.Equal("proposed", Line(report, good.Fingerprint)["status"]!.GetValue<string>());
        Assert.Equal("cert-at", Line(report, good.Fingerprint)["party"]!.GetValue<string>());
        Assert.Contains("expired on 2024-01-31", Line(report, expired.Fingerprint)["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("revoked", Line(report, revoked.Fingerprint)["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("no usable encryption subkey", Line(report, signingOnly.Fingerprint)["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("unknown party", Line(report, unknown.Fingerprint)["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(new[] { expired, revoked, signingOnly, unknown }, k => Assert.Equal("refused", Line(report, k.Fingerprint)["status"]!.GetValue<string>()));
        Assert.All(report["keys"]!.AsArray().Where(k => k!["key"]!.GetValue<string>() != "-"), k => Assert.Equal("keyserver.asc", k!["file"]!.GetValue<string>()));
        var brokenLine = report["keys"]!.AsArray().Single(k => k!["file"]!.GetValue<string>() == "broken.asc")!;
        Assert.Equal("refused", brokenLine["status"]!.GetValue<string>());
        Assert.Contains("armour block 1", brokenLine["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, report["imported"]!.GetValue<int>());
        Assert.Equal(5, report["refused"]!.GetValue<int>());

        // The key material is in the keyring (inert), the refused keys are not; the registry still says PLACEHOLDER.
        Assert.NotNull(PublicKeyFiles.Find(keyring, good.Fingerprint));
        Assert.All(new[] { expired, revoked, signingOnly, unknown }, k => Assert.Null(PublicKeyFiles.Find(keyring, k.Fingerprint)));
        Assert.Equal(OpenPgpFingerprints.Placeholder, EmailKey(host, "cert-at"));

        // Four eyes: the importing administrator cannot approve the change; a second one can, and then it is in force.
        var approve = report["approve"]!.GetValue<string>();
        await admin.PostAsync(approve, null).ExpectAsync(HttpStatusCode.Forbidden);
        Assert.Equal(OpenPgpFingerprints.Placeholder, EmailKey(host, "cert-at"));
        var second = await host.SecondAdministratorAsync();
        await second.PostAsync(approve, null).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(good.Fingerprint, EmailKey(host, "cert-at"));
        Assert.Equal(OpenPgpFingerprints.Placeholder, EmailKey(host, "cert-be"));

        await using var db = host.Db();
        var audit = await db.Set<Grondslag.Storage.Audit.AuditEntry>().Where(a => a.Action == "party-keys.import").ToListAsync();
        Assert.Equal("root", Assert.Single(audit).Actor);
    }

    [Fact]
    public async Task ImportKeys_OtherFingerprintThanTheRegistry_IsRefusedUnlessThePartyIsNamedWhichProposesTheKeyAndTheAddress()
    {
        var (host, _) = await StartAsync();
        await using var owned = host;
        using var admin = await host.SignedInAsync("root", ["administrator"]);
        var second = await host.SecondAdministratorAsync();
        var first = TestPublicKeys.Make(new("CERT-FR <cert-fr@contacts.example>"));
        var proposed = await admin.PostAsJsonAsync("/api/admin/parties/keys", new { files = Files(("cert-fr.asc", first.Armoured)) }).ExpectAsync(HttpStatusCode.Accepted);
        await second.PostAsync(proposed["approve"]!.GetValue<string>(), null).ExpectAsync(HttpStatusCode.OK);

        // The same key again changes nothing in the registry: no proposal.
        var again = await admin.PostAsJsonAsync("/api/admin/parties/keys", new { files = Files(("cert-fr.asc", first.Armoured)) }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("registered", Line(again, first.Fingerprint)["status"]!.GetValue<string>());
        Assert.Null(again["proposal"]);

        var rotated = TestPublicKeys.Make(new("CERT-FR <cert-fr@ssi.gouv.example>"));
        var unnamed = await admin.PostAsJsonAsync("/api/admin/parties/keys", new { files = Files(("new.asc", rotated.Armoured)) }).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("unknown party", Line(unnamed, rotated.Fingerprint)["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var sameAddress = TestPublicKeys.Make(new("CERT-FR <cert-fr@contacts.example>"));
        var mismatch = await admin.PostAsJsonAsync("/api/admin/parties/keys", new { files = Files(("new.asc", sameAddress.Armoured)) }).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("does not match the registry", Line(mismatch, sameAddress.Fingerprint)["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(first.Fingerprint, EmailKey(host, "cert-fr"));

        var named = await admin.PostAsJsonAsync("/api/admin/parties/keys", new { party = "cert-fr", files = Files(("new.asc", rotated.Armoured)) }).ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal("proposed", Line(named, rotated.Fingerprint)["status"]!.GetValue<string>());
        Assert.Equal(first.Fingerprint, EmailKey(host, "cert-fr"));
        await second.PostAsync(named["approve"]!.GetValue<string>(), null).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(rotated.Fingerprint, EmailKey(host, "cert-fr"));
        Assert.Equal("cert-fr@ssi.gouv.example", EmailAddress(host, "cert-fr"));
    }

    [Fact]
    public async Task ImportKeys_NoKeyringConfiguredOrNotAnAdministrator_IsRefusedNamingTheFix()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        using var admin = await host.SignedInAsync("root", ["administrator"]);
        using var analyst = await host.SignedInAsync("ana", ["analyst"]);
        var key = TestPublicKeys.Make(new("CERT.at <cert-at@contacts.example>"));

        var problem = await admin.PostAsJsonAsync("/api/admin/parties/keys", new { files = Files(("k.asc", key.Armoured)) }).ExpectAsync(HttpStatusCode.Conflict);
        await analyst.PostAsJsonAsync("/api/admin/parties/keys", new { files = Files(("k.asc", key.Armoured)) }).ExpectAsync(HttpStatusCode.Forbidden);

        Assert.Contains("Grondslag__Delivery__Keyring__Directory", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(OpenPgpFingerprints.Placeholder, EmailKey(host, "cert-at"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CaseAndDecision_RecipientWithoutUsableKey_WarnPerShareUntilItsKeyIsImportedAndApproved(DatabaseProvider provider)
    {
        var (host, _) = await StartAsync(provider);
        await using var owned = host;
        using var admin = await host.SignedInAsync("root", ["administrator"]);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        var caseId = (await alice.PostAsJsonAsync("/api/cases", new { title = "COATHANGER", source = "MIVD", tlp = "amber" }).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await alice.PostTextAsync($"/api/cases/{caseId}/imports?fileName=coathanger-2024.txt", await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt")))
            .ExpectAsync(HttpStatusCode.Created);
        await alice.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { }).ExpectAsync(HttpStatusCode.Created);
        var shares = (await alice.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK))["shares"]!["items"]!.AsArray();

        // Every share that can still be approved warns: the default registry has only placeholders.
        var open = shares.Where(s => s!["verdict"]!.GetValue<string>() != "prohibited").ToList();
        Assert.NotEmpty(open);
        Assert.All(open, s => Assert.Equal("placeholder", s!["keyWarnings"]!.AsArray().Single()!["code"]!.GetValue<string>()));
        Assert.All(shares.Where(s => s!["verdict"]!.GetValue<string>() == "prohibited"), s => Assert.Empty(s!["keyWarnings"]!.AsArray()));
        var share = open.First(s => s!["verdict"]!.GetValue<string>() == "permitted")!;
        var party = share["partyId"]!.GetValue<string>();
        var shareId = share["id"]!.GetValue<string>();
        var detail = await alice.GetAsync($"/api/cases/{caseId}/shares/{shareId}").ExpectAsync(HttpStatusCode.OK);
        var warning = detail["keyWarnings"]!.AsArray().Single()!;
        Assert.True(warning["blocksMail"]!.GetValue<bool>());
        Assert.Contains("placeholder", warning["messageNl"]!.GetValue<string>(), StringComparison.Ordinal);

        // Approval is not refused (TAXII needs no key), but its answer says so.
        var decided = await bob.PostAsJsonAsync($"/api/cases/{caseId}/shares/{shareId}/decision", new { outcome = "approve", motivation = "Wbni art. 20(2)" })
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("placeholder", decided["keyWarnings"]!.AsArray().Single()!["code"]!.GetValue<string>());

        // Once the party's key is imported and approved, its shares no longer warn; the others still do.
        var address = host.Services.GetRequiredService<ISharingContext>().Parties.Find(party)!.Channels.First(c => c.Kind == ChannelKind.Email).Address;
        var key = TestPublicKeys.Make(new($"{party} <{address}>"));
        var proposal = await admin.PostAsJsonAsync("/api/admin/parties/keys", new { files = Files(("k.asc", key.Armoured)) }).ExpectAsync(HttpStatusCode.Accepted);
        await (await host.SecondAdministratorAsync()).PostAsync(proposal["approve"]!.GetValue<string>(), null).ExpectAsync(HttpStatusCode.OK);
        var after = (await alice.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK))["shares"]!["items"]!.AsArray();
        Assert.All(after.Where(s => s!["partyId"]!.GetValue<string>() == party), s => Assert.Empty(s!["keyWarnings"]!.AsArray()));
        Assert.Contains(after, s => s!["partyId"]!.GetValue<string>() != party && s["keyWarnings"]!.AsArray().Count == 1);
    }

    public static TheoryData<DatabaseProvider> Providers => Grondslag.Storage.Tests.TestDatabase.Providers;
}
