using System.Globalization;
using Grondslag.Application.Cases;
using Grondslag.Application.Delivery;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Law;
using Grondslag.Storage;

namespace Grondslag.Application.Tests.Cases;

/// <summary>
/// <see cref="ExportReleasedShare"/> on a real database of either provider: the file is written from the share the
/// disclosure gate makes again at the recorded release instant (the same recipient, TLP, instant and addresses as the
/// share the release staged), it must match what the release recorded, every download is audited, and a share not
/// released, withdrawn, no longer matching or without a recorded bundle gets a refusal in both languages with nothing audited.
/// </summary>
[TestsOf(typeof(ExportReleasedShare))]
public sealed class ExportReleasedShareTests
{
    public static TheoryData<DatabaseProvider> Providers => UseCaseWorld.Providers;

    /// <summary>A channel stand-in that records the share a release staged, and withdrawals.</summary>
    private sealed class RecordingDelivery : IShareDelivery
    {
        public Dictionary<string, ReleasedShare> Staged { get; } = [];

        public HashSet<string> Withdrawn { get; } = [];

        public void Stage(ReleasedShare share) => Staged[share.ShareId] = share;

        public void StageWithdrawal(ShareWithdrawal withdrawal, DateTimeOffset withdrawnAt, string reason) => Withdrawn.Add(withdrawal.ShareId);

        public Task<bool> IsWithdrawnAsync(string shareId, CancellationToken cancellationToken) => Task.FromResult(Withdrawn.Contains(shareId));

        public Task AfterCommitAsync(string shareId, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Writes a share as a plain text that names everything a channel file carries; "recorded" is the staged share's.</summary>
    private sealed class TextFiles(RecordingDelivery delivery) : IReleasedShareFiles
    {
        public string? Tampered { get; set; }

        /// <summary>No bundle recorded for the share's TAXII channel.</summary>
        public bool Missing { get; set; }

        public static string Text(ReleasedShare share, ReleasedFileFormat format) =>
            string.Join('\n', new[]
            {
                format.ToString(), share.ShareId, share.Recipient.Id, share.Tlp.ToWire(),
                share.ReleasedAt.ToString("O", CultureInfo.InvariantCulture),
            }.Concat(share.Indicators.Select(i => i.Address.ToString())));

        public string Write(ReleasedShare share, ReleasedFileFormat format) => "\"" + Text(share, format).Replace("\n", "|", StringComparison.Ordinal) + "\"";

        public Task<string?> RecordedStixAsync(string shareId, CancellationToken cancellationToken) =>
            Task.FromResult(Missing ? null : Tampered ?? (delivery.Staged.TryGetValue(shareId, out var share) ? Write(share, ReleasedFileFormat.Stix) : null));
    }

    private static ShareFile Permitted(IReadOnlyList<ShareFile> shares) =>
        shares.First(s => s.Assessment.Verdict == Verdict.Permitted && s.Assessment.OpenConditions.IsEmpty);

    private static Task<Outcome<ReleasedShareFile>> ExportAsync(UseCaseWorld world, RecordingDelivery delivery, TextFiles files, string caseId, string shareId, ReleasedFileFormat format) =>
        world.RunAsync((s, a) => new ExportReleasedShare(s, a, world.Sharing, delivery, files).ExecuteAsync(caseId, shareId, format, UseCaseWorld.Alice));

    private static async Task<StoredRelease> ReleaseAsync(UseCaseWorld world, RecordingDelivery delivery, string caseId, ShareFile share)
    {
        var approved = await world.ApproveAsync(caseId, share.Id, UseCaseWorld.Bob.Name);
        Assert.True(approved.IsOk, approved.Refusal?.Reason);
        var released = await world.RunAsync((s, a) => new Release(s, a, new NoCommitHook(), new RandomIdGenerator(), world.Clock, world.Sharing, delivery).ExecuteAsync(caseId, share.Id, UseCaseWorld.Carol));
        Assert.True(released.IsOk, released.Refusal?.Reason);
        return released.Value!;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Export_ReleasedShare_TheGatesShareAtTheReleaseInstant_Audited(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var delivery = new RecordingDelivery();
        var files = new TextFiles(delivery);
        var (caseId, shares) = await world.AssessedCaseAsync();
        var share = Permitted(shares);
        var release = await ReleaseAsync(world, delivery, caseId, share);
        world.Clock.Now = world.Clock.Now.AddDays(3);

        var stix = await ExportAsync(world, delivery, files, caseId, share.Id, ReleasedFileFormat.Stix);
        var misp = await ExportAsync(world, delivery, files, caseId, share.Id, ReleasedFileFormat.Misp);

        Assert.True(stix.IsOk, stix.Refusal?.Reason);
        Assert.True(misp.IsOk, misp.Refusal?.Reason);
        // The same share the release staged: recipient, TLP, the release instant (not today) and the addresses.
        var staged = delivery.Staged[share.Id];
        Assert.Equal(files.Write(staged, ReleasedFileFormat.Stix), stix.Value!.Content);
        Assert.Equal(files.Write(staged, ReleasedFileFormat.Misp), misp.Value!.Content);
        Assert.Contains(release.ReleasedAt.ToString("O", CultureInfo.InvariantCulture), stix.Value.Content, StringComparison.Ordinal);
        Assert.Equal(share.IndicatorCount, staged.Indicators.Length);
        Assert.Equal(staged.Tlp.ToWire(), stix.Value.Tlp);
        Assert.EndsWith(".stix.json", stix.Value.FileName, StringComparison.Ordinal);
        Assert.EndsWith(".misp.json", misp.Value.FileName, StringComparison.Ordinal);
        Assert.StartsWith(share.PartyId + "-released-tlp-", stix.Value.FileName, StringComparison.Ordinal);

        var exports = (await world.AuditAsync()).Where(a => a.Action == "share.address-export").ToList();
        Assert.Equal(2, exports.Count);
        Assert.All(exports, e => Assert.Equal((share.Id, "alice"), (e.Subject, e.Actor)));
        Assert.Contains(exports, e => e.Payload.Contains("\"format\":\"stix\"", StringComparison.Ordinal) && e.Payload.Contains(release.Id, StringComparison.Ordinal));
        Assert.Contains(exports, e => e.Payload.Contains("\"format\":\"misp\"", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Export_NotReleasedWithdrawnOrChanged_RefusedInBothLanguages_NothingAudited(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var delivery = new RecordingDelivery();
        var files = new TextFiles(delivery);
        var (caseId, shares) = await world.AssessedCaseAsync();
        var share = Permitted(shares);
        var other = shares.First(s => s.Id != share.Id);

        var unknown = await ExportAsync(world, delivery, files, caseId, "no-such-share", ReleasedFileFormat.Stix);
        var notReleased = await ExportAsync(world, delivery, files, caseId, other.Id, ReleasedFileFormat.Misp);
        await ReleaseAsync(world, delivery, caseId, share);
        files.Tampered = "\"another package\"";
        var differs = await ExportAsync(world, delivery, files, caseId, share.Id, ReleasedFileFormat.Stix);
        files.Tampered = null;
        files.Missing = true;
        var unrecordedStix = await ExportAsync(world, delivery, files, caseId, share.Id, ReleasedFileFormat.Stix);
        var unrecordedMisp = await ExportAsync(world, delivery, files, caseId, share.Id, ReleasedFileFormat.Misp);
        files.Missing = false;
        delivery.Withdrawn.Add(share.Id);
        var withdrawn = await ExportAsync(world, delivery, files, caseId, share.Id, ReleasedFileFormat.Stix);

        Assert.Equal(RefusalKind.NotFound, unknown.Refusal!.Kind);
        Assert.Equal(RefusalKind.Conflict, notReleased.Refusal!.Kind);
        Assert.Contains("not released", notReleased.Refusal.Reason, StringComparison.Ordinal);
        Assert.Equal(RefusalKind.Conflict, differs.Refusal!.Kind);
        Assert.Contains("differs", differs.Refusal.Reason, StringComparison.Ordinal);
        // No recorded bundle: nothing to compare with, so neither format is handed out (fail closed).
        Assert.All(new[] { unrecordedStix.Refusal!, unrecordedMisp.Refusal! }, r =>
        {
            Assert.Equal(RefusalKind.Conflict, r.Kind);
            Assert.Contains("no package was recorded", r.Reason, StringComparison.Ordinal);
            Assert.Contains("geen pakket voor de TAXII-collectie", r.Nl ?? "", StringComparison.Ordinal);
        });
        Assert.Equal(RefusalKind.Conflict, withdrawn.Refusal!.Kind);
        Assert.Contains("withdrawn", withdrawn.Refusal.Reason, StringComparison.Ordinal);
        foreach (var refusal in new[] { unknown.Refusal, notReleased.Refusal, differs.Refusal, unrecordedStix.Refusal!, withdrawn.Refusal })
        {
            Assert.False(string.IsNullOrWhiteSpace(refusal.Nl));
            Assert.NotEqual(refusal.Reason, refusal.Nl);
        }

        Assert.DoesNotContain(await world.AuditAsync(), a => a.Action == "share.address-export");
    }
}
