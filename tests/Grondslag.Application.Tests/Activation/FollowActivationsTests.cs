using Grondslag.Application.Activation;
using Grondslag.Storage;

namespace Grondslag.Application.Tests.Activation;

/// <summary><see cref="FollowActivations"/> on a real database of either provider: a second node follows what another node activated.</summary>
[TestsOf(typeof(FollowActivations))]
public sealed class FollowActivationsTests
{
    public static TheoryData<DatabaseProvider> Providers => UseCaseWorld.Providers;

    private static Task<bool> CatchUpAsync(ActivationWorld world, IReferenceInForce node) =>
        world.RunAsync((s, _) => new FollowActivations(s, world.Loader, node).CatchUpAsync());

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CatchUpAsync_ActivatedElsewhere_BroughtInOnceThenUpToDate(DatabaseProvider provider)
    {
        await using var world = await ActivationWorld.CreateAsync(provider);
        Assert.True((await world.PinAsync()).IsOk);
        var other = new TestReferenceInForce();

        Assert.True(await CatchUpAsync(world, other));
        Assert.Equal(world.Node.ActivationInForce(ReferenceKind.RuleSet), other.ActivationInForce(ReferenceKind.RuleSet));
        Assert.Equal(world.Node.ActivationInForce(ReferenceKind.Parties), other.ActivationInForce(ReferenceKind.Parties));
        Assert.False(await CatchUpAsync(world, other));

        var proposal = (await world.ProposePartiesAsync(ActivationWorld.OtherRegistry(), ActivationWorld.Ann)).Value!;
        var approved = (await world.ApproveAsync(proposal.Id, ActivationWorld.Ben)).Value!;
        var ruleSetBefore = other.Loaded(ReferenceKind.RuleSet);

        Assert.True(await CatchUpAsync(world, other));
        Assert.Equal(approved.Id, other.ActivationInForce(ReferenceKind.Parties));
        Assert.Equal(proposal.Version.Sha256, other.Loaded(ReferenceKind.Parties)!.Version.Sha256);
        Assert.Same(ruleSetBefore, other.Loaded(ReferenceKind.RuleSet));
        Assert.False(await CatchUpAsync(world, other));
        Assert.Equal(3, (await world.RowsAsync<Grondslag.Storage.Admin.ActivationRow>()).Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CatchUpAsync_StoredVersionAltered_FailsClosedNodeKeepsNothingUnverified(DatabaseProvider provider)
    {
        await using var world = await ActivationWorld.CreateAsync(provider);
        Assert.True((await world.PinAsync()).IsOk);
        await world.TamperWithPartiesAsync();
        var other = new TestReferenceInForce();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => CatchUpAsync(world, other));

        Assert.Contains("cannot be brought into force on this node", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, other.ActivationInForce(ReferenceKind.Parties));
        Assert.Equal(2, (await world.AuditAsync()).Count);
    }
}
