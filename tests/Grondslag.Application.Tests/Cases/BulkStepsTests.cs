using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using FsCheck.Xunit;

namespace Grondslag.Application.Tests.Cases;

/// <summary>
/// <see cref="DecideShares"/> and <see cref="ReleaseShares"/> are nothing but the one-share use case per share: each
/// distinct share is decided (released) exactly once, by the same actor with the same motivation, and each share's
/// own outcome — decision or refusal — is what the bulk result reports for it. A bulk release hands the released
/// shares to delivery once, after its last release, instead of waiting for each share's channels in turn.
/// </summary>
[TestsOf(typeof(DecideShares), typeof(ReleaseShares))]
public sealed class BulkStepsTests
{
    private static readonly Actor Bob = new("bob", Role.DutyOfficer);

    /// <summary>Refuses the shares whose id ends in an odd digit (as four eyes or the law would), records every call.</summary>
    private sealed class RecordingDecide : IDecide
    {
        public List<(string Case, string Share, DecisionOutcome Outcome, string Motivation, Actor Actor)> Calls { get; } = [];

        public Task<Outcome<ShareDecision>> ExecuteAsync(string caseId, string shareId, DecisionOutcome outcome, string motivation, Actor actor, CancellationToken cancellationToken = default)
        {
            Calls.Add((caseId, shareId, outcome, motivation, actor));
            return Task.FromResult(Refuses(shareId)
                ? Outcome<ShareDecision>.Refused(RefusalKind.NotAllowed, $"four eyes: {shareId}")
                : Outcome<ShareDecision>.Ok(new ShareDecision("d-" + shareId, outcome, motivation, "alice", actor.Name, actor.Role, DateTimeOffset.UnixEpoch)));
        }
    }

    /// <summary>Records every release, and whether it was asked to deliver at once or only to queue the delivery.</summary>
    private sealed class RecordingRelease : IRelease
    {
        public List<string> Calls { get; } = [];

        public List<string> DeliveredAtOnce { get; } = [];

        public Task<Outcome<StoredRelease>> ExecuteAsync(string caseId, string shareId, Actor actor, CancellationToken cancellationToken = default)
        {
            DeliveredAtOnce.Add(shareId);
            return ExecuteQueuedAsync(caseId, shareId, actor, cancellationToken);
        }

        public Task<Outcome<StoredRelease>> ExecuteQueuedAsync(string caseId, string shareId, Actor actor, CancellationToken cancellationToken = default)
        {
            Calls.Add(shareId);
            return Task.FromResult(Refuses(shareId)
                ? Outcome<StoredRelease>.Refused(RefusalKind.Prohibited, $"gate: {shareId}")
                : Outcome<StoredRelease>.Ok(new StoredRelease("r-" + shareId, caseId, shareId, "cert-fr", 3, actor.Name, DateTimeOffset.UnixEpoch, "amber")));
        }
    }

    /// <summary>Records the after-commit delivery runs: which shares, and how many releases had happened by then.</summary>
    private sealed class RecordingDelivery(RecordingRelease release) : Grondslag.Application.Delivery.IShareDelivery
    {
        public List<(IReadOnlyList<string> Shares, int ReleasesBefore)> Runs { get; } = [];

        public void Stage(Grondslag.Domain.Disclosure.ReleasedShare share) => throw new InvalidOperationException("a bulk release stages nothing itself");

        public void StageWithdrawal(Grondslag.Domain.Disclosure.ShareWithdrawal withdrawal, DateTimeOffset withdrawnAt, string reason) => throw new InvalidOperationException("not a withdrawal");

        public Task<bool> IsWithdrawnAsync(string shareId, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task AfterCommitAsync(string shareId, CancellationToken cancellationToken) => throw new InvalidOperationException("a bulk release runs its deliveries together");

        public Task AfterCommitAsync(IReadOnlyList<string> shareIds, CancellationToken cancellationToken)
        {
            Runs.Add(([.. shareIds], release.Calls.Count));
            return Task.CompletedTask;
        }
    }

    private static bool Refuses(string shareId) => shareId[^1] is '1' or '3' or '5' or '7' or '9';

    private static List<string> Ids(int[] numbers) => [.. numbers.Select(n => "share-" + Math.Abs(n % 20).ToString(System.Globalization.CultureInfo.InvariantCulture))];

    [Property]
    public bool ExecuteAsync_AnySelection_DecidesEachDistinctShareOnceWithItsOwnOutcome(int[] numbers, bool approve)
    {
        var ids = Ids(numbers ?? []);
        var decide = new RecordingDecide();
        var outcome = approve ? DecisionOutcome.Approved : DecisionOutcome.Refused;
        var result = new DecideShares(decide).ExecuteAsync("case-1", ids, outcome, "EU CSIRTs, own constituency", Bob).GetAwaiter().GetResult();
        if (ids.Count == 0)
        {
            return result.Refusal?.Kind == RefusalKind.Invalid && decide.Calls.Count == 0;
        }

        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        var shares = result.Value!.Shares;
        return decide.Calls.Select(c => c.Share).SequenceEqual(distinct)
            && decide.Calls.All(c => c.Case == "case-1" && c.Outcome == outcome && c.Motivation == "EU CSIRTs, own constituency" && c.Actor == Bob)
            && shares.Select(s => s.ShareId).SequenceEqual(distinct)
            && shares.All(s => s.IsOk != Refuses(s.ShareId) && (s.IsOk ? s.Value!.Id == "d-" + s.ShareId : s.Refusal!.Reason.EndsWith(s.ShareId, StringComparison.Ordinal)))
            && result.Value.Succeeded + result.Value.Refused == distinct.Count;
    }

    [Property]
    public bool ExecuteAsync_AnySelection_ReleasesEachDistinctShareOnceThroughTheOneShareRelease(int[] numbers)
    {
        var ids = Ids(numbers ?? []);
        var release = new RecordingRelease();
        var delivery = new RecordingDelivery(release);
        var result = new ReleaseShares(release, delivery).ExecuteAsync("case-1", ids, Bob).GetAwaiter().GetResult();
        if (ids.Count == 0)
        {
            return result.Refusal?.Kind == RefusalKind.Invalid && release.Calls.Count == 0 && delivery.Runs.Count == 0;
        }

        // Each share released on its own without waiting for its channels; the released ones (and only they) are
        // delivered in one run after the last release; an act that released nothing delivers nothing.
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        var released = distinct.Where(id => !Refuses(id)).ToList();
        var deliveredOnce = released.Count == 0
            ? delivery.Runs.Count == 0
            : delivery.Runs.Count == 1 && delivery.Runs[0].Shares.SequenceEqual(released) && delivery.Runs[0].ReleasesBefore == distinct.Count;
        return release.Calls.SequenceEqual(distinct)
            && release.DeliveredAtOnce.Count == 0
            && deliveredOnce
            && result.Value!.Shares.All(s => s.IsOk != Refuses(s.ShareId) && (s.IsOk ? s.Value!.ShareId == s.ShareId : s.Refusal!.Kind == RefusalKind.Prohibited));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task ExecuteAsync_NoMotivation_RefusedBeforeAnyShareIsDecided(string motivation)
    {
        var decide = new RecordingDecide();
        var result = await new DecideShares(decide).ExecuteAsync("case-1", ["share-2", "share-4"], DecisionOutcome.Approved, motivation, Bob);
        Assert.Equal(RefusalKind.Invalid, result.Refusal?.Kind);
        Assert.Contains("motivation", result.Refusal!.Reason, StringComparison.Ordinal);
        Assert.Empty(decide.Calls);
    }

    [Fact]
    public async Task ExecuteAsync_TooManyShares_RefusedBeforeAnyShareIsDecided()
    {
        var decide = new RecordingDecide();
        var ids = Enumerable.Range(0, DecideShares.MaxShares + 1).Select(i => "share-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var result = await new DecideShares(decide).ExecuteAsync("case-1", ids, DecisionOutcome.Approved, "ok", Bob);
        Assert.Equal(RefusalKind.Invalid, result.Refusal?.Kind);
        Assert.Empty(decide.Calls);
    }
}
