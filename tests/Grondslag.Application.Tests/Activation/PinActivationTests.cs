using System.Text.Json.Nodes;
using Grondslag.Application.Activation;
using Grondslag.Domain.Cases;
using Grondslag.Storage;
using Grondslag.Storage.Admin;

namespace Grondslag.Application.Tests.Activation;

/// <summary><see cref="PinActivation"/> on a real database of either provider: the first activation by system, then what is stored is what comes into force.</summary>
[TestsOf(typeof(PinActivation))]
public sealed class PinActivationTests
{
    public static TheoryData<DatabaseProvider> Providers => UseCaseWorld.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExecuteAsync_NothingActivatedThenRestartWithOtherFiles_FirstActivationBySystemThenStoredVersionPinned(DatabaseProvider provider)
    {
        await using var world = await ActivationWorld.CreateAsync(provider);

        var first = await world.PinAsync();

        Assert.True(first.IsOk, first.Refusal?.Reason);
        Assert.All(first.Value!, p => Assert.True(p.FirstActivation));
        var rows = await world.RowsAsync<ActivationRow>();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal((PinActivation.System, (long?)null), (r.ActivatedBy, r.ProposalId)));
        Assert.Equal(first.Value!.Single(p => p.Kind == ReferenceKind.Parties).Sha256, rows.Single(r => r.Kind == ActivationRow.Parties).Sha256);
        Assert.Equal(rows.Single(r => r.Kind == ActivationRow.RuleSet).Id, world.Node.ActivationInForce(ReferenceKind.RuleSet));
        Assert.NotNull(world.Node.Loaded(ReferenceKind.RuleSet)!.Evaluator);
        var audit = await world.AuditAsync();
        Assert.Equal(["party-registry.activate", "rule-set.activate"], audit.Select(a => a.Action).Order(StringComparer.Ordinal));
        Assert.All(audit, a => Assert.Equal(PinActivation.System, a.Actor));
        Assert.All(audit, a => Assert.True(JsonNode.Parse(a.Payload)!["first"]!.GetValue<bool>()));

        // A restart with another registry on disk: the stored version comes into force, the difference is reported, nothing is written.
        var otherFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(otherFile, ActivationWorld.OtherRegistry());
            var node = new TestReferenceInForce();
            var again = await world.PinAsync(node, new TestReferenceLoader(Path.Combine(TestEnvironment.Root, "rules"), otherFile));

            Assert.True(again.IsOk, again.Refusal?.Reason);
            var parties = again.Value!.Single(p => p.Kind == ReferenceKind.Parties);
            Assert.False(parties.FirstActivation);
            Assert.True(parties.DiskDiffers);
            Assert.False(again.Value!.Single(p => p.Kind == ReferenceKind.RuleSet).DiskDiffers);
            Assert.Equal(rows.Single(r => r.Kind == ActivationRow.Parties).Sha256, node.Loaded(ReferenceKind.Parties)!.Version.Sha256);
            Assert.Equal(2, (await world.RowsAsync<ActivationRow>()).Count);
            Assert.Equal(2, (await world.AuditAsync()).Count);
        }
        finally
        {
            File.Delete(otherFile);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExecuteAsync_StoredVersionAlteredOrNothingActivatedAndDiskUnreadable_RefusedNothingUnverifiedInForce(DatabaseProvider provider)
    {
        await using var empty = await ActivationWorld.CreateAsync(provider, partiesFile: Path.Combine(Path.GetTempPath(), "no-such-registry-" + Guid.NewGuid().ToString("N") + ".yaml"));
        var unreadable = await empty.PinAsync();
        Assert.Equal(RefusalKind.Invalid, unreadable.Refusal?.Kind);
        Assert.Contains("Nothing was ever activated", unreadable.Refusal!.Reason, StringComparison.Ordinal);
        Assert.Equal(0, empty.Node.ActivationInForce(ReferenceKind.Parties));
        Assert.DoesNotContain(await empty.RowsAsync<ActivationRow>(), r => r.Kind == ActivationRow.Parties);

        await using var world = await ActivationWorld.CreateAsync(provider);
        Assert.True((await world.PinAsync()).IsOk);
        await world.TamperWithPartiesAsync();
        var node = new TestReferenceInForce();

        var altered = await world.PinAsync(node);

        Assert.Equal(RefusalKind.Conflict, altered.Refusal?.Kind);
        Assert.Contains("cannot be brought into force", altered.Refusal!.Reason, StringComparison.Ordinal);
        Assert.Equal(0, node.ActivationInForce(ReferenceKind.Parties));
        Assert.Equal(2, (await world.RowsAsync<ActivationRow>()).Count);
        Assert.Equal(2, (await world.AuditAsync()).Count);
    }
}
