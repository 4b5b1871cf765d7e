using System.Text;
using System.Text.Json.Nodes;
using Grondslag.Application.Activation;
using Grondslag.Domain.Cases;
using Grondslag.Storage;
using Grondslag.Storage.Admin;

namespace Grondslag.Application.Tests.Activation;

/// <summary><see cref="ProposeActivation"/> on a real database of either provider: the stored proposal and its audit entry.</summary>
[TestsOf(typeof(ProposeActivation))]
public sealed class ProposeActivationTests
{
    public static TheoryData<DatabaseProvider> Providers => UseCaseWorld.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RuleSetAndPartiesAsync_ValidCandidates_StoredAsPendingProposalsAuditedNothingInForce(DatabaseProvider provider)
    {
        await using var world = await ActivationWorld.CreateAsync(provider);

        var rules = await world.RunAsync((s, _) => new ProposeActivation(world.Loader, s, new TestClock(UseCaseWorld.Day1)).RuleSetAsync(null, ActivationWorld.Ann));
        var parties = await world.ProposePartiesAsync(ActivationWorld.OtherRegistry(), ActivationWorld.Ben);

        Assert.True(rules.IsOk, rules.Refusal?.Reason);
        Assert.True(parties.IsOk, parties.Refusal?.Reason);
        Assert.True(rules.Value!.ScenariosPassed > 0);
        var rows = (await world.RowsAsync<ActivationProposalRow>()).OrderBy(r => r.Id).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal((rules.Value.Id, ActivationRow.RuleSet, rules.Value.Version.Sha256, "ann", rules.Value.ScenariosPassed), (rows[0].Id, rows[0].Kind, rows[0].Sha256, rows[0].ProposedBy, rows[0].ScenariosPassed));
        Assert.Equal((parties.Value!.Id, ActivationRow.Parties, "ben"), (rows[1].Id, rows[1].Kind, rows[1].ProposedBy));
        Assert.Equal(Encoding.UTF8.GetString(ActivationWorld.OtherRegistry()), rows[1].Content);
        Assert.All(rows, r => Assert.Null(r.ApprovedBy));
        Assert.Empty(await world.RowsAsync<ActivationRow>());
        Assert.Equal(0, world.Node.ActivationInForce(ReferenceKind.Parties));

        var audit = await world.AuditAsync();
        var ruleEntry = Assert.Single(audit, a => a.Action == "rule-set.propose");
        Assert.Equal(("ann", rules.Value.Version.Sha256), (ruleEntry.Actor, ruleEntry.Subject));
        Assert.Equal(rules.Value.Id, JsonNode.Parse(ruleEntry.Payload)!["proposal"]!.GetValue<long>());
        var partyEntry = Assert.Single(audit, a => a.Action == "parties.propose");
        Assert.Equal(("ben", parties.Value.Version.Sha256), (partyEntry.Actor, partyEntry.Subject));
        Assert.True(JsonNode.Parse(partyEntry.Payload)!["parties"]!.GetValue<int>() > 0);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PartiesAsync_InvalidYaml_RefusedNamingTheProblemNothingStored(DatabaseProvider provider)
    {
        await using var world = await ActivationWorld.CreateAsync(provider);

        var refused = await world.ProposePartiesAsync(Encoding.UTF8.GetBytes("parties:\n  - id: x\n    name: [unclosed\n"), ActivationWorld.Ann);

        Assert.Equal(RefusalKind.Invalid, refused.Refusal?.Kind);
        Assert.StartsWith("Not activated:", refused.Refusal!.Reason, StringComparison.Ordinal);
        Assert.Empty(await world.RowsAsync<ActivationProposalRow>());
        Assert.Empty(await world.AuditAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RuleSetAsync_ScenariosFail_RefusedCountingTheFailuresNothingStored(DatabaseProvider provider)
    {
        var wrong = Testing.RepositoryRoot.CopyOfRulesTreatingAsEuMembers("JP");
        try
        {
            await using var world = await ActivationWorld.CreateAsync(provider, rulesDirectory: wrong);

            var refused = await world.RunAsync((s, _) => new ProposeActivation(world.Loader, s, new TestClock(UseCaseWorld.Day1)).RuleSetAsync(null, ActivationWorld.Ann));

            Assert.Equal(RefusalKind.Prohibited, refused.Refusal?.Kind);
            Assert.Contains("scenario(s) fail", refused.Refusal!.Reason, StringComparison.Ordinal);
            Assert.Contains("scenario('s) falen", refused.Refusal.For("nl"), StringComparison.Ordinal);
            Assert.Empty(await world.RowsAsync<ActivationProposalRow>());
            Assert.Empty(await world.AuditAsync());
        }
        finally
        {
            Directory.Delete(wrong, recursive: true);
        }
    }
}
