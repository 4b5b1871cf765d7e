using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Application.Delivery;
using Grondslag.Delivery;
using Grondslag.Delivery.Outbox;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Law;
using Grondslag.Storage;
using Grondslag.Storage.Delivery;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Application.Tests.Delivery;

/// <summary>
/// <see cref="DeliverShares"/> over the real outbox of either provider, with the channels (the server's port) scripted:
/// the outcome of each step, the outbox rows, the delivery history and the audit entries each step leaves.
/// </summary>
[TestsOf(typeof(DeliverShares))]
public sealed class DeliverSharesTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    public static TheoryData<DatabaseProvider> Providers => UseCaseWorld.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_ReleasedShare_TaxiiPublishedEmailNotPossible_RowsDoneHistoryAndAuditPerStep_NothingRunsTwice(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var (caseId, shareId, partyId) = await ReleasedWithWorkAsync(world);
        var channels = new ScriptedChannels();

        var done = await RunAsync(world, channels, shareId);

        Assert.Equal([("taxii", DeliveryStatus.Delivered), ("email", DeliveryStatus.Failed)], done.Select(d => (d.Claim.Channel, d.Result.Status)));
        Assert.All(done, d => Assert.Equal((caseId, shareId, partyId, "release", 0), (d.Claim.CaseId, d.Claim.ShareId, d.Claim.PartyId, d.Claim.Kind, d.Claim.Attempts)));
        var rows = (await world.RowsAsync<OutboxRow>()).ToDictionary(r => r.Channel.ToLowerInvariant());
        Assert.Equal(("Sent", 1, UseCaseWorld.Day1, null, 0L), (rows["taxii"].State, rows["taxii"].Attempts, rows["taxii"].SentAt, rows["taxii"].LeaseOwner, rows["taxii"].LeaseUntil));
        Assert.Equal(("GaveUp", 1, (DateTimeOffset?)null), (rows["email"].State, rows["email"].Attempts, rows["email"].SentAt));
        Assert.Equal(ScriptedChannels.NoKey, rows["email"].LastError);
        var history = (await world.RowsAsync<ShareDeliveryRow>()).ToDictionary(r => r.Channel);
        Assert.Equal(("published", "collection-fr", 3, "system"), (history["taxii"].Status, history["taxii"].Reference, history["taxii"].Objects, history["taxii"].RecordedBy));
        Assert.Equal(("not-possible", rows["email"].Key), (history["email"].Status, history["email"].Reference));
        Assert.All(history.Values, h => Assert.Equal((caseId, shareId, partyId, "release"), (h.CaseId, h.ShareId, h.PartyId, h.Kind)));
        var audit = await world.AuditAsync();
        var release = Assert.Single(audit, a => a.Action == "share.release");
        var steps = audit.Where(a => a.Action.StartsWith("delivery.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["delivery.taxii-published", "delivery.email-not-possible"], steps.Select(a => a.Action));
        Assert.All(steps, a => Assert.Equal(("system", caseId, shareId), (a.Actor, a.CaseId, a.Subject)));
        Assert.All(steps, a => Assert.True(a.Index > release.Index));
        Assert.Equal(partyId, JsonNode.Parse(steps[0].Payload)!["party"]!.GetValue<string>());

        // Done rows are not claimed again: a second run, for the share or for any due work, does nothing.
        world.Clock.Now += TimeSpan.FromHours(2);
        Assert.Empty(await RunAsync(world, channels, shareId));
        Assert.Empty(await RunAsync(world, channels, null));
        Assert.Equal(2, channels.Prepared.Count);
        Assert.Equal(audit.Count, (await world.AuditAsync()).Count);
        Assert.Equal(2, (await world.RowsAsync<ShareDeliveryRow>()).Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_ChannelsThrow_PendingWithBackoffAuditedEachAttempt_NotRetriedBeforeDue_GivenUpAfterMaxAttempts(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var (caseId, shareId, _) = await ReleasedWithWorkAsync(world);
        var channels = new ScriptedChannels { FailPrepare = "taxii", FailWrite = "email" };

        var first = await RunAsync(world, channels, shareId);

        Assert.Equal([DeliveryStatus.Pending, DeliveryStatus.Pending], first.Select(d => d.Result.Status));
        Assert.Contains("attempt 1 failed, retried later: IOException: connection refused", first[0].Result.Detail, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: collection locked", first[1].Result.Detail, StringComparison.Ordinal);
        var due = (UseCaseWorld.Day1 + DeliverShares.Backoff(1)).ToUnixTimeMilliseconds();
        Assert.All(await world.RowsAsync<OutboxRow>(), r => Assert.Equal(("Pending", 1, due, null), (r.State, r.Attempts, r.DueAt, r.SentAt)));
        Assert.Empty(await world.RowsAsync<ShareDeliveryRow>());
        var failed = (await world.AuditAsync()).Where(a => a.Action.StartsWith("delivery.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["delivery.taxii-failed", "delivery.email-failed"], failed.Select(a => a.Action));
        Assert.All(failed, a => Assert.Equal(("system", caseId, shareId, 1), (a.Actor, a.CaseId, a.Subject, JsonNode.Parse(a.Payload)!["attempts"]!.GetValue<int>())));

        // Not due yet: the worker leaves them; once due, the attempt that reaches the maximum gives up for good.
        world.Clock.Now += TimeSpan.FromSeconds(29);
        Assert.Empty(await RunAsync(world, channels, null));
        world.Clock.Now += TimeSpan.FromSeconds(2);
        await world.RunWithContextAsync((db, _, _) => db.Set<OutboxRow>().ExecuteUpdateAsync(s => s.SetProperty(r => r.Attempts, DeliverShares.MaxAttempts - 1)));
        var last = await RunAsync(world, channels, null);

        Assert.Equal([DeliveryStatus.Failed, DeliveryStatus.Failed], last.Select(d => d.Result.Status));
        Assert.All(last, d => Assert.StartsWith($"gave up after {DeliverShares.MaxAttempts} attempts", d.Result.Detail, StringComparison.Ordinal));
        Assert.All(await world.RowsAsync<OutboxRow>(), r => Assert.Equal(("GaveUp", DeliverShares.MaxAttempts), (r.State, r.Attempts)));
        Assert.Equal(["failed", "failed"], (await world.RowsAsync<ShareDeliveryRow>()).Select(h => h.Status));
        var audit = await world.AuditAsync();
        Assert.Equal(["delivery.email-gave-up", "delivery.taxii-gave-up"], audit.Where(a => a.Action.EndsWith("gave-up", StringComparison.Ordinal)).Select(a => a.Action).Order(StringComparer.Ordinal));
        world.Clock.Now += TimeSpan.FromDays(1);
        Assert.Empty(await RunAsync(world, channels, null));
        Assert.Equal(audit.Count, (await world.AuditAsync()).Count);
    }

    private static Task<IReadOnlyList<(DeliveryClaim Claim, ChannelResult Result)>> RunAsync(UseCaseWorld world, ScriptedChannels channels, string? shareId) =>
        world.RunWithContextAsync((db, s, a) => new DeliverShares(s, a, new EfDeliveryOutbox(db, world.Clock, new RandomIdGenerator(), Lease), channels, world.Clock)
            .RunAsync(shareId, 10, CancellationToken.None));

    /// <summary>A share of the assessed COATHANGER case approved and released, its channel work staged with the release as the server stages it.</summary>
    private static async Task<(string CaseId, string ShareId, string PartyId)> ReleasedWithWorkAsync(UseCaseWorld world)
    {
        var (caseId, shares) = await world.AssessedCaseAsync();
        var share = shares.First(s => s.Assessment.Verdict == Verdict.Permitted && s.Assessment.OpenConditions.IsEmpty);
        Assert.True((await world.ApproveAsync(caseId, share.Id, UseCaseWorld.Bob.Name)).IsOk);
        var released = await world.RunWithContextAsync((db, s, a) =>
            new Release(s, a, new NoCommitHook(), new RandomIdGenerator(), world.Clock, world.Sharing, new OutboxStaging(db, world.Clock)).ExecuteAsync(caseId, share.Id, UseCaseWorld.Carol));
        Assert.True(released.IsOk, released.Refusal?.Reason);
        Assert.Equal(2, (await world.RowsAsync<OutboxRow>()).Count(r => r.IsWork && r.State == "Pending"));
        return (caseId, share.Id, share.PartyId);
    }

    /// <summary>Stages a release's channel work in the release's context (e-mail not possible: no key), as the server's delivery does.</summary>
    private sealed class OutboxStaging(GrondslagDbContext db, TimeProvider clock) : IShareDelivery
    {
        public void Stage(ReleasedShare share)
        {
            foreach (var entry in ChannelWork.Of(share, SenderIdentity.Ncsc, clock.GetUtcNow(), clock.GetUtcNow(), ScriptedChannels.NoKey))
            {
                EfOutboxStore.Stage(db, entry);
            }
        }

        public void StageWithdrawal(ShareWithdrawal withdrawal, DateTimeOffset withdrawnAt, string reason) => throw new NotSupportedException();

        public Task<bool> IsWithdrawnAsync(string shareId, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task AfterCommitAsync(string shareId, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>The channels as a script: TAXII publishes three objects, e-mail is not possible; or a channel throws while preparing or writing.</summary>
    private sealed class ScriptedChannels : IDeliveryChannels
    {
        public const string NoKey = "e-mail not possible: no OpenPGP key for the recipient (test)";

        public string? FailPrepare { get; init; }

        public string? FailWrite { get; init; }

        public List<string> Prepared { get; } = [];

        public Task<IChannelStep> PrepareAsync(DeliveryClaim claim, CancellationToken cancellationToken)
        {
            Prepared.Add(claim.Key);
            if (claim.Channel == FailPrepare)
            {
                throw new IOException("connection refused");
            }

            return Task.FromResult<IChannelStep>(new Step(() => claim.Channel == FailWrite
                ? throw new InvalidOperationException("collection locked")
                : claim.Channel == "taxii"
                    ? new ChannelResult(DeliveryStatus.Delivered, "published 3 objects", "collection-fr", 3, ("delivery.taxii-published", new JsonObject { ["party"] = claim.PartyId, ["objects"] = 3 }))
                    : new ChannelResult(DeliveryStatus.Failed, NoKey, "", 0, ("delivery.email-not-possible", new JsonObject { ["party"] = claim.PartyId }))));
        }

        private sealed class Step(Func<ChannelResult> write) : IChannelStep
        {
            public Task<ChannelResult> WriteAsync(CancellationToken cancellationToken) => Task.FromResult(write());
        }
    }
}
