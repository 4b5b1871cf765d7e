using System.Net;
using System.Net.Http.Json;
using Grondslag.Audit;
using Grondslag.Storage;

namespace Grondslag.Server.Tests;

/// <summary>The audit log over the API: an auditor gets the timeline, verification and proofs an outsider can check.</summary>
public sealed class AuditApiTests
{
    [Theory]
    [MemberData(nameof(EndToEndTests.Providers), MemberType = typeof(EndToEndTests))]
    public async Task AuditApi_AfterCaseActions_TimelineVerifiesAndProofsHoldForAnOutsider(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var analyst = await host.SignedInAsync("alice", ["analyst"]);
        using var auditor = await host.SignedInAsync("aud", ["auditor"]);
        for (var i = 0; i < 12; i++)
        {
            await analyst.PostAsJsonAsync("/api/cases", new { title = $"case {i}", source = "MIVD" }).ExpectAsync(HttpStatusCode.Created);
        }

        var timeline = await auditor.GetAsync("/api/audit/entries?action=case.create&limit=5").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(5, timeline["entries"]!.AsArray().Count);
        Assert.All(timeline["entries"]!.AsArray(), e => Assert.Equal("alice", e!["actor"]!.GetValue<string>()));
        Assert.NotNull(timeline["next"]);

        var verification = await auditor.GetAsync("/api/audit/verification").ExpectAsync(HttpStatusCode.OK);
        Assert.True(verification["intact"]!.GetValue<bool>(), verification.ToJsonString());

        // An outsider holds the public key and a signed checkpoint; the proof must convince it.
        var key = Ed25519NoteVerifier.Parse((await auditor.GetAsync("/api/audit/public-key").ExpectAsync(HttpStatusCode.OK))["verifierKey"]!.GetValue<string>()).Value!;
        var checkpoints = (await auditor.GetAsync("/api/audit/checkpoints").ExpectAsync(HttpStatusCode.OK))["checkpoints"]!.AsArray();
        Assert.NotEmpty(checkpoints);
        var held = AuditProofDocuments.OpenCheckpoint(checkpoints[0]!["signedNote"]!.GetValue<string>(), key).Value!;
        var size = (long)held.Size;
        var proof = await auditor.GetAsync($"/api/audit/proofs/inclusion?index=3&size={size}").ExpectAsync(HttpStatusCode.OK);

        var check = AuditProofDocuments.Verify(proof.ToJsonString(), held, key);

        Assert.True(check.Holds, check.Explanation);
        var entry = proof["entry"]!.GetValue<string>();
        Assert.Contains("case.create", entry, StringComparison.Ordinal);
        var tampered = proof.DeepClone();
        tampered["entry"] = entry.Replace("case.create", "case.delete", StringComparison.Ordinal);
        Assert.False(AuditProofDocuments.Verify(tampered.ToJsonString(), held, key).Holds);
        await auditor.GetAsync("/api/audit/proofs/inclusion?index=99999").ExpectAsync(HttpStatusCode.NotFound);
        await auditor.GetAsync("/api/audit/proofs/inclusion").ExpectAsync(HttpStatusCode.BadRequest);
    }
}
