using Grondslag.Application.Cases;
using Grondslag.Storage;

namespace Grondslag.Application.Tests.Cases;

/// <summary><see cref="ShareAddresses"/> on a real database of either provider: what it answers, and that it writes nothing.</summary>
[TestsOf(typeof(ShareAddresses))]
public sealed class ShareAddressesTests
{
    public static TheoryData<DatabaseProvider> Providers => UseCaseWorld.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ForShareAsync_AssessedShare_ItsAddressesEachAttributed_UnknownShareNull_NothingWritten(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var (caseId, shares) = await world.AssessedCaseAsync();
        var share = shares.First(s => s.PartyId == "cert-fr");
        var auditBefore = (await world.AuditAsync()).Count;

        var addresses = await world.RunAsync((s, _) => new ShareAddresses(s, world.Sharing).ForShareAsync(caseId, share.Id));
        var unknown = await world.RunAsync((s, _) => new ShareAddresses(s, world.Sharing).ForShareAsync(caseId, "share-unknown"));
        var otherCase = await world.RunAsync((s, _) => new ShareAddresses(s, world.Sharing).ForShareAsync("case-unknown", share.Id));

        Assert.NotNull(addresses);
        Assert.Equal(share.IndicatorCount, addresses.Count);
        Assert.All(addresses, a => Assert.False(string.IsNullOrEmpty(a.Country)));
        Assert.Equal(addresses.Count, addresses.Select(a => a.Address).Distinct(StringComparer.Ordinal).Count());
        Assert.Null(unknown);
        Assert.Null(otherCase);
        Assert.Equal(auditBefore, (await world.AuditAsync()).Count);
    }
}
