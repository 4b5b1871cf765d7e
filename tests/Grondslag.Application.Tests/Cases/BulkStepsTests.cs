using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using FsCheck.Xunit;

namespace Grondslag.Application.Tests.Cases;

/// <summary>
/// <see cref="DecideShares"/> and <see cref="ReleaseShares"/> are nothing but the one-share use case per share: each
/// distinct share is decided (released) exactly once, by the same actor with the same motivation, and each share's
/// own outcome — decision or refusal — is what the bulk result reports for it.
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

    private sealed class RecordingRelease : IRelease
    {
        public List<string> Calls { get; } = [];

        public Task<Outcome<StoredRelease>> ExecuteAsync(string caseId, string shareId, Actor actor, CancellationToken cancellationToken = default)
        {
            Calls.Add(shareId);
            return Task.FromResult(Refuses(shareId)
                ? Outcome<StoredRelease>.Refused(RefusalKind.Prohibited, $"gate: {shareId}")
                : Outcome<StoredRelease>.Ok(new StoredRelease("r-" + shareId, caseId, shareId, "cert-fr", 3, actor.Name, DateTimeOffset.UnixEpoch, "amber")));
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
        var result = new ReleaseShares(release).ExecuteAsync("case-1", ids, Bob).GetAwaiter().GetResult();
        if (ids.Count == 0)
        {
            return result.Refusal?.Kind == RefusalKind.Invalid && release.Calls.Count == 0;
        }

        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        return release.Calls.SequenceEqual(distinct)
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
