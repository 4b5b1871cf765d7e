using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;
using Grondslag.Storage;

namespace Grondslag.Application.Tests.Cases;

/// <summary>
/// Refusals a person reads on the case and share pages exist in Dutch as well as English (session 6: these were
/// English only): assessing without a list or twice, reassessing before assessing, confirming a condition of a share
/// that has none.
/// </summary>
public sealed class RefusalLanguageTests
{
    [Fact]
    public async Task CaseAndShareRefusals_HaveADutchText()
    {
        await using var world = await UseCaseWorld.CreateAsync(DatabaseProvider.Sqlite);
        var empty = (await world.CreateAsync()).Value!.Id;

        var noList = (await world.AssessAsync(empty)).Refusal!;
        var notAssessed = (await world.ReassessAsync(empty, UseCaseWorld.Alice)).Refusal!;
        var (caseId, shares) = await world.AssessedCaseAsync();
        var twice = (await world.AssessAsync(caseId)).Refusal!;
        var permitted = shares.First(s => s.Assessment.Verdict == Verdict.Permitted);
        var noCondition = (await world.ConfirmAsync(caseId, permitted.Id, "gdpr-transfer-ground")).Refusal!;

        Assert.Equal((RefusalKind.Conflict, $"Zaak {empty} heeft nog geen indicatorlijst; importeer er eerst een."), (noList.Kind, noList.Nl));
        Assert.StartsWith($"Zaak {empty} is nog niet beoordeeld", notAssessed.Nl, StringComparison.Ordinal);
        Assert.StartsWith($"Zaak {caseId} is al beoordeeld", twice.Nl, StringComparison.Ordinal);
        Assert.True(noCondition.Nl?.Contains("niet voorwaardelijk: er is geen voorwaarde te bevestigen", StringComparison.Ordinal) == true, noCondition.Reason);
        Assert.All(new[] { noList, notAssessed, twice, noCondition }, r => Assert.NotEqual(r.Reason, r.Nl));
    }
}
