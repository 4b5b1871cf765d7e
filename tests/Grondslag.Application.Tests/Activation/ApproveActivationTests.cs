using System.Text.Json.Nodes;
using Grondslag.Application.Activation;
using Grondslag.Domain.Cases;
using Grondslag.Storage;
using Grondslag.Storage.Admin;

namespace Grondslag.Application.Tests.Activation;

/// <summary><see cref="ApproveActivation"/> on a real database of either provider: four eyes, the stored activation, the audit entries, the node's reference data.</summary>
[TestsOf(typeof(ApproveActivation))]
public sealed class ApproveActivationTests
{
    public static TheoryData<DatabaseProvider> Providers => UseCaseWorld.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExecuteAsync_AnotherAdministrator_ActivatedProposalApprovedAuditedAndInForce(DatabaseProvider provider)
    {
        await using var world = await ActivationWorld.CreateAsync(provider);
        var proposal = (await world.ProposePartiesAsync(ActivationWorld.OtherRegistry(), ActivationWorld.Ann)).Value!;

        var approved = await world.ApproveAsync(proposal.Id, ActivationWorld.Ben);

        Assert.True(approved.IsOk, approved.Refusal?.Reason);
        Assert.Equal((proposal.Version.Sha256, "ben", "ann"), (approved.Value!.Version.Sha256, approved.Value.ActivatedBy, approved.Value.ProposedBy));
        var row = Assert.Single(await world.RowsAsync<ActivationRow>());
        Assert.Equal((approved.Value.Id, ActivationRow.Parties, proposal.Version.Sha256, "ben", "ann", (long?)proposal.Id), (row.Id, row.Kind, row.Sha256, row.ActivatedBy, row.ProposedBy, row.ProposalId));
        Assert.Equal("ben", Assert.Single(await world.RowsAsync<ActivationProposalRow>()).ApprovedBy);
        Assert.Equal(approved.Value.Id, world.Node.ActivationInForce(ReferenceKind.Parties));
        Assert.Equal(proposal.Version.Sha256, world.Node.Loaded(ReferenceKind.Parties)!.Version.Sha256);
        Assert.NotNull(world.Node.Loaded(ReferenceKind.Parties)!.Registry);
        var entry = Assert.Single(await world.AuditAsync(), a => a.Action == "party-registry.activate");
        var payload = JsonNode.Parse(entry.Payload)!;
        Assert.Equal(("ben", proposal.Version.Sha256), (entry.Actor, entry.Subject));
        Assert.Equal(("ann", "ben", proposal.Id), (payload["proposedBy"]!.GetValue<string>(), payload["approvedBy"]!.GetValue<string>(), payload["proposal"]!.GetValue<long>()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExecuteAsync_OwnProposalUnknownOrApprovedTwice_RefusedEachAuditedOneActivation(DatabaseProvider provider)
    {
        await using var world = await ActivationWorld.CreateAsync(provider);
        var proposal = (await world.ProposePartiesAsync(ActivationWorld.OtherRegistry(), ActivationWorld.Ann)).Value!;

        var own = await world.ApproveAsync(proposal.Id, new Actor("ANN", Role.Administrator));
        var unknown = await world.ApproveAsync(proposal.Id + 100, ActivationWorld.Ben);

        Assert.Equal(RefusalKind.NotAllowed, own.Refusal?.Kind);
        Assert.Contains("Four eyes", own.Refusal!.Reason, StringComparison.Ordinal);
        Assert.Equal(RefusalKind.NotFound, unknown.Refusal?.Kind);
        Assert.Empty(await world.RowsAsync<ActivationRow>());
        Assert.Null(Assert.Single(await world.RowsAsync<ActivationProposalRow>()).ApprovedBy);
        Assert.Equal(0, world.Node.ActivationInForce(ReferenceKind.Parties));

        Assert.True((await world.ApproveAsync(proposal.Id, ActivationWorld.Ben)).IsOk);
        var twice = await world.ApproveAsync(proposal.Id, ActivationWorld.Cas);

        Assert.Equal(RefusalKind.Conflict, twice.Refusal?.Kind);
        Assert.Contains("already approved by ben", twice.Refusal!.Reason, StringComparison.Ordinal);
        Assert.Single(await world.RowsAsync<ActivationRow>());
        Assert.Equal("ben", Assert.Single(await world.RowsAsync<ActivationProposalRow>()).ApprovedBy);
        var refusals = (await world.AuditAsync()).Where(a => a.Action == "activation.approve-refused").ToList();
        Assert.Equal(["ANN", "ben", "cas"], refusals.Select(a => a.Actor));
        Assert.Equal(proposal.Id + 100, JsonNode.Parse(refusals[1].Payload)!["proposal"]!.GetValue<long>());
    }
}
