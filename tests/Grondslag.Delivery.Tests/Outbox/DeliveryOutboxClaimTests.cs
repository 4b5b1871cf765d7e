using Grondslag.Application.Cases;
using Grondslag.Application.Delivery;
using Grondslag.Delivery.Outbox;
using Grondslag.Storage;
using Grondslag.Storage.Delivery;
using Grondslag.Storage.Tests;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Delivery.Tests.Outbox;

/// <summary>
/// Issue 16, build 2: the outbox across nodes. Claims take a lease (SKIP LOCKED on PostgreSQL, a conditional update on
/// SQLite); a node that dies with a claim lets it expire; only the holder of the lease completes a row.
/// </summary>
public abstract class DeliveryOutboxClaimTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);
    private readonly ManualClock _clock = new(TestShares.ReleaseInstant.AddMinutes(1));
    private TestDatabase? _database;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Claim_NotYetDue_WorkersSkipIt_TheReleasingNodeTakesItsShare()
    {
        var share = await StageAsync("share-0001", grace: Lease);
        await using var node = Context();

        Assert.Empty(await Outbox(node).ClaimAsync(null, 10, default));
        var own = await Outbox(node).ClaimAsync(share, 10, default);

        Assert.Equal([$"{share}/email", $"{share}/taxii"], own.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.Equal("taxii", own[0].Channel);
        Assert.Empty(await Outbox(node).ClaimAsync(share, 10, default));
    }

    [Fact]
    public async Task Claim_NodeDiesHoldingIt_TakenOverAfterLeaseExpiry_TheFirstCannotCompleteAnymore()
    {
        var share = await StageAsync("share-0001", grace: TimeSpan.Zero);
        await using var first = Context();
        await using var second = Context();
        var held = await Outbox(first).ClaimAsync(null, 10, default);
        Assert.Equal(2, held.Count);

        _clock.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Empty(await Outbox(second).ClaimAsync(null, 10, default));
        _clock.Advance(TimeSpan.FromSeconds(2));
        var taken = await Outbox(second).ClaimAsync(null, 10, default);
        Assert.Equal(held.Select(c => c.Key).Order(StringComparer.Ordinal), taken.Select(c => c.Key).Order(StringComparer.Ordinal));

        var done = new ChannelResult(DeliveryStatus.Delivered, "done", "", 1, null);
        Assert.False(await CompleteAsync(first, held[0], done));
        Assert.True(await CompleteAsync(second, taken.Single(c => c.Key == held[0].Key), done));
        Assert.False(await CompleteAsync(second, taken.Single(c => c.Key == held[0].Key), done));

        await using var check = Context();
        var row = await check.Set<OutboxRow>().AsNoTracking().SingleAsync(o => o.Key == held[0].Key);
        Assert.Equal(("Sent", null, 0L), (row.State, row.LeaseOwner, row.LeaseUntil));
        Assert.Equal(1, await check.Set<ShareDeliveryRow>().CountAsync(d => d.ShareId == share));
        _clock.Advance(Lease * 3);
        await using var third = Context();
        Assert.DoesNotContain(await Outbox(third).ClaimAsync(null, 10, default), c => c.Key == held[0].Key);
    }

    [Fact]
    public async Task Claim_FourNodesAtOnce_EveryRowGoesToExactlyOneNode()
    {
        for (var i = 0; i < 30; i++)
        {
            await StageAsync($"share-{i:D4}", grace: TimeSpan.Zero);
        }

        var claimed = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var mine = new List<string>();
            await using var node = Context();
            while (true)
            {
                var page = await ClaimRetryingAsync(node, 3);
                if (page.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(page.Select(c => c.Key));
            }
        })));

        var all = claimed.SelectMany(c => c).ToList();
        Assert.Equal(60, all.Count);
        Assert.Equal(60, all.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Complete_FailedAttempt_RetriedAfterItsBackoffNotBefore()
    {
        var share = await StageAsync("share-0001", grace: TimeSpan.Zero);
        await using var node = Context();
        var claim = (await Outbox(node).ClaimAsync(share, 10, default))[0];

        Assert.True(await CompleteAsync(node, claim, new ChannelResult(DeliveryStatus.Pending, "attempt 1 failed", "", 0, null), _clock.GetUtcNow() + TimeSpan.FromSeconds(30)));

        Assert.DoesNotContain(await Outbox(node).ClaimAsync(null, 10, default), c => c.Key == claim.Key);
        _clock.Advance(TimeSpan.FromSeconds(31));
        var again = Assert.Single(await Outbox(node).ClaimAsync(null, 10, default), c => c.Key == claim.Key);
        Assert.Equal(1, again.Attempts);
    }

    private async Task<IReadOnlyList<DeliveryClaim>> ClaimRetryingAsync(GrondslagDbContext node, int max)
    {
        // SQLite has one writer: a claim may wait for the lock (busy timeout), never take a row twice.
        return await Outbox(node).ClaimAsync(null, max, default);
    }

    private async Task<bool> CompleteAsync(GrondslagDbContext node, DeliveryClaim claim, ChannelResult result, DateTimeOffset? retryAt = null)
    {
        await using var tx = await node.Database.BeginTransactionAsync();
        var done = await Outbox(node).CompleteAsync(claim, result, retryAt, default);
        await node.SaveChangesAsync();
        await tx.CommitAsync();
        node.ChangeTracker.Clear();
        return done;
    }

    private async Task<string> StageAsync(string shareId, TimeSpan grace)
    {
        var share = TestShares.Release(TestShares.France().Recipient, TestShares.France().Indicators, shareId);
        await using var db = Context();
        foreach (var entry in ChannelWork.Of(share, SenderIdentity.Ncsc, _clock.GetUtcNow(), _clock.GetUtcNow() + grace, "e-mail not possible: test"))
        {
            EfOutboxStore.Stage(db, entry);
        }

        await db.SaveChangesAsync();
        return share.ShareId;
    }

    private GrondslagDbContext Context() => GrondslagDatabase.Create(_database!.Options);

    private EfDeliveryOutbox Outbox(GrondslagDbContext db) => new(db, _clock, new RandomIdGenerator(), Lease);
}

/// <summary>On SQLite.</summary>
public sealed class SqliteDeliveryOutboxClaimTests() : DeliveryOutboxClaimTests(DatabaseProvider.Sqlite);

/// <summary>On PostgreSQL.</summary>
public sealed class PostgreSqlDeliveryOutboxClaimTests() : DeliveryOutboxClaimTests(DatabaseProvider.PostgreSql);
