using System.Text.RegularExpressions;
using FsCheck.Xunit;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;

namespace Grondslag.Domain.Tests.Disclosure;

/// <summary>
/// Every refusal a person sees from the gate, imports, handover and administration exists in Dutch and English, and the
/// two differ: the gate by a property over every way a candidate can be wrong; the other areas by reading their source,
/// where a refusal made from a bare English string (instead of a <c>LocalText</c>) is named with its file and line.
/// </summary>
public sealed partial class RefusalLanguageTests
{
    /// <summary>Any combination of defects the gate checks for; whatever refusal it gives has both texts, and they differ.</summary>
    [Property(MaxTest = 300)]
    public bool Gate_AnyDefect_RefusesInDutchAndEnglish(byte country, bool noPreparers, bool approverPrepared, bool noMotivation, bool noIndicators,
        bool decidedLater, sbyte dayShift, bool partyChanged, bool whatIf)
    {
        var party = DisclosureGateTests.PartyOf(new[] { "FR", "US", "NO", "DE" }[country % 4]);
        var assessment = DisclosureGateTests.AssessmentFor(party, regime: whatIf ? "future" : null);
        var recipient = partyChanged ? party with { Channels = [new Channel(ChannelKind.Email, "new@example.org", "EF01")] } : party;
        var decision = new ReleaseDecision(noPreparers ? [] : ["anna"], approverPrepared ? "anna" : "bert", noMotivation ? " " : "inform the victims",
            DisclosureGateTests.ReleaseInstant.AddMinutes(decidedLater ? 30 : -5), []);
        var candidate = new ShareCandidate("case-1", "share-1", recipient,
            noIndicators ? [] : [new OutgoingIndicator(IpAddress.FromIPv4(0x01020304), party.Country, 64500, "Example AS")],
            OriginatorConditions.Default, "COATHANGER", assessment, PartyFingerprint.Of(party), decision);

        var outcome = DisclosureGate.Release(candidate, DisclosureGateTests.InForce, new StoppedClock(DisclosureGateTests.ReleaseInstant.AddDays(dayShift % 3)));
        return outcome switch
        {
            GateOutcome.Refused r => !string.IsNullOrWhiteSpace(r.Text.En) && !string.IsNullOrWhiteSpace(r.Text.Nl) && r.Text.En != r.Text.Nl && r.Reason == r.Text.En,
            _ => true,
        };
    }

    /// <summary>Withdrawal's own refusals too.</summary>
    [Fact]
    public void Withdraw_Refusals_AreInDutchAndEnglish()
    {
        var party = DisclosureGateTests.PartyOf("FR");
        var candidate = new ShareCandidate("case-1", "share-1", party, [], OriginatorConditions.Default, "COATHANGER", DisclosureGateTests.AssessmentFor(party),
            PartyFingerprint.Of(party), new ReleaseDecision(["anna"], "anna", "m", DisclosureGateTests.ReleaseInstant, []));
        foreach (var c in new[] { candidate, candidate with { Decision = candidate.Decision with { ApprovedBy = "bert" } } })
        {
            var refused = Assert.IsType<WithdrawalOutcome.Refused>(DisclosureGate.Withdraw(c, DisclosureGateTests.ReleaseInstant));
            Assert.NotEqual(refused.Text.En, refused.Text.Nl);
        }
    }

    /// <summary>The files of the gate, import, handover and administration (and the release steps around the gate).</summary>
    private static readonly string[] Areas =
    [
        "src/Grondslag.Domain/Disclosure", "src/Grondslag.Domain/Indicators", "src/Grondslag.Domain/Cases/Handover.cs", "src/Grondslag.Domain/Cases/AccountRoles.cs",
        "src/Grondslag.Application/Accounts", "src/Grondslag.Application/Activation", "src/Grondslag.Application/Parties",
        "src/Grondslag.Application/Cases/ImportIndicators.cs", "src/Grondslag.Application/Cases/CreateCase.cs", "src/Grondslag.Application/Cases/HandoverSteps.cs",
        "src/Grondslag.Application/Cases/Release.cs", "src/Grondslag.Application/Cases/Withdraw.cs", "src/Grondslag.Application/Cases/ExportReleasedShare.cs",
        "src/Grondslag.Server/Composition/ImportSlots.cs", "src/Grondslag.Server/Composition/IdentityAccountRegistry.cs", "src/Grondslag.Attribution/Parties/PartyRegistryEditor.cs",
    ];

    [Fact]
    public void Source_NoRefusalOfTheseAreasIsMadeFromAnEnglishStringAlone()
    {
        var files = Areas.Select(a => Testing.RepositoryRoot.Combine(a.Split('/')))
            .SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*.cs", SearchOption.AllDirectories) : [p])
            .ToList();
        Assert.All(files, f => Assert.True(File.Exists(f), f));
        var offenders = files.SelectMany(f =>
        {
            var text = File.ReadAllText(f);
            return BareRefusal().Matches(text).Select(m => $"{Path.GetRelativePath(Testing.RepositoryRoot.Path, f)}:{text[..m.Index].Count(c => c == '\n') + 1}: {m.Value.Trim()}");
        }).ToList();

        // The scan itself finds what it is meant to find.
        Assert.Matches(BareRefusal(), "return new Refusal(RefusalKind.Conflict, $\"Share {id} is gone.\");");
        Assert.Matches(BareRefusal(), "Outcome<X>.Refused(RefusalKind.Invalid,\n    \"to: name someone.\")");
        Assert.Matches(BareRefusal(), "throw new IndicatorListException($\"{source}: unknown format.\");");
        Assert.DoesNotMatch(BareRefusal(), "new Refusal(RefusalKind.Invalid, new LocalText(\"a\", \"b\"))");
        Assert.True(offenders.Count == 0, "Refusals without Dutch:\n" + string.Join("\n", offenders));
    }

    /// <summary>A refusal (or a gate/withdrawal refusal, or a refused file) whose reason argument starts as a string literal.</summary>
    [GeneratedRegex(@"(new\s+Refusal|\.Refused|new\s+GateOutcome\.Refused|new\s+WithdrawalOutcome\.Refused|new\s+IndicatorListException)\(\s*(RefusalKind\.\w+\s*,\s*|[a-zA-Z_.]+Kind\s*,\s*)?\$?""")]
    private static partial Regex BareRefusal();
}
