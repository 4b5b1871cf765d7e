using Grondslag.Application.Planning;
using Grondslag.Attribution.Parties;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Review;
using Grondslag.Rules;

namespace Grondslag.Application.Tests.Review;

/// <summary>
/// The 2024 case replayed: the four non-EU shares released under a rule set that wrongly permitted them, then the
/// rule set corrected. The review must find exactly those four and drive the breach procedure.
/// </summary>
public sealed class Breach2024Tests
{
    private static readonly DateOnly Day = new(2024, 6, 10);
    private static readonly DateTimeOffset SentAt = new(2024, 6, 10, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AwareAt = new(2024, 7, 2, 9, 30, 0, TimeSpan.Zero);
    private static readonly string[] ThirdCountries = ["CA", "GB", "JP", "US"];

    private static PartyRegistry Registry() => PartyRegistryLoader.LoadFile(Path.Combine(TestEnvironment.Root, "parties", "default.yaml"));

    private static LegalEvaluator WronglyPermissive()
    {
        // The rule set of 2024 as it was wrongly applied: third-country CSIRTs permitted. A rule that permits that is
        // now refused by the loader (safety property (a)), so the wrong past is reproduced as wrong facts instead.
        var dir = Testing.RepositoryRoot.CopyOfRulesTreatingAsEuMembers("CA", "GB", "JP", "US");
        try
        {
            return new LegalEvaluator(RuleBookLoader.Load(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (SharingPlan Plan, List<PastDisclosure> Released) ReleaseUnderWrongRules()
    {
        var list = IndicatorListParser.Parse("coathanger-2024.txt", File.ReadAllText(Path.Combine(TestEnvironment.Root, "examples", "coathanger-2024.txt")));
        var request = new PlanRequest(list, Day, null, InformationClasses.CompromisedDeviceList, OriginatorConditions.Default);
        var plan = PlanSharing.Plan(request, TestEnvironment.Tables, Registry(), WronglyPermissive());
        // As in 2024: every EU member state's CSIRT and the CSIRTs of CA, JP, GB and US were sent their share.
        var eu = TestEnvironment.Evaluator.Book.Countries.EuMembersOn(Day);
        var released = plan.Recipients
            .Where(r => r.Party.Kind == RecipientKind.NationalCsirt && (eu.Contains(r.Party.Country) || ThirdCountries.Contains(r.Party.Country.Value)))
            .Where(r => r.Assessment.Verdict is Verdict.Permitted or Verdict.Conditional)
            .Select(r => new PastDisclosure("case-2024", $"share-{r.Party.Id}", r.Party.Id, PlanSharing.RequestFor(r.Party, request, true),
                r.Share.Count, SentAt, r.Assessment.RuleSetSha256, r.Assessment.Verdict))
            .ToList();
        return (plan, released);
    }

    [Fact]
    public void Review_AfterCorrection_FindsExactlyTheFourThirdCountryShares()
    {
        var (plan, released) = ReleaseUnderWrongRules();
        Assert.Contains(released, d => d.PartyId == Registry().NationalCsirtsOf(CountryCode.Parse("US")).Single().Id);

        var report = RetrospectiveReview.Run(released, TestEnvironment.Evaluator);

        var lost = report.WithoutBasis;
        Assert.Equal(ThirdCountries, lost.Select(f => f.Disclosure.Request.Recipient.Country!.Value.Value).Order());
        foreach (var finding in lost)
        {
            var share = plan.Recipients.Single(r => r.Party.Id == finding.Disclosure.PartyId).Share;
            Assert.Equal(share.Count, finding.Disclosure.IndicatorCount);
            Assert.Equal(Verdict.Prohibited, finding.Now.Verdict);
            Assert.Contains(finding.RulesThatNowSayNo, r => r.Id == "wbni.20-2.non-eu-national-csirt");
        }

        Assert.True(report.Findings.Length > 20);
        Assert.NotEqual(released[0].RuleSetSha256Then, report.RuleSetSha256Now);
    }

    [Fact]
    public void BreachIntake_FromTheReview_OneRecordFourRecipientsDeadlineDraftAndDeletionRequests()
    {
        var (_, released) = ReleaseUnderWrongRules();
        var registry = Registry();
        var report = RetrospectiveReview.Run(released, TestEnvironment.Evaluator);

        var breach = BreachIntake.FromReview("breach-2024-001", report, registry.Find, AwareAt, "NCSC privacy officer, privacy@ncsc.example")!;
        var deletions = BreachIntake.DeletionRequests(breach, registry.Find, AwareAt.AddHours(1));
        breach = breach with { DeletionRequests = deletions };
        var draft = NotificationDraft.From(breach, AwareAt.AddHours(2));

        Assert.Equal(4, breach.Recipients.Length);
        Assert.Equal(ThirdCountries, breach.Countries);
        Assert.Equal(AwareAt.AddHours(72), breach.Deadline);
        Assert.Equal(released.Where(d => ThirdCountries.Contains(d.Request.Recipient.Country!.Value.Value)).Sum(d => d.IndicatorCount), breach.ApproximateRecords);
        Assert.Equal(DeadlineStatus.Open, breach.StatusAt(AwareAt.AddHours(2)));
        Assert.Equal(DeadlineStatus.DueSoon, breach.StatusAt(AwareAt.AddHours(50)));
        Assert.Equal(DeadlineStatus.Overdue, breach.StatusAt(AwareAt.AddHours(73)));
        Assert.Equal(4, deletions.Length);
        Assert.Equal(breach.Recipients.Select(r => r.PartyId), deletions.Select(d => d.PartyId));
        Assert.Equal(["legal-ground", "contact", "timeline", "nature", "data", "subjects", "measures-before", "consequences", "follow-up", "international", "other"],
            draft.Sections.Select(s => s.Key));
        Assert.False(draft.Late);
        Assert.Contains("2024-07-05 09:30 UTC", draft.ToMarkdown(), StringComparison.Ordinal);
        Assert.Equal(11, draft.ToJson()["sections"]!.AsArray().Count);
    }

    [Fact]
    public void RegimeComparison_2024Case_ThirdCountryCsirtsChangeFromProhibitedToConditional()
    {
        var (_, released) = ReleaseUnderWrongRules();

        var report = RegimeComparison.Compare(released.Select(d => (d.CaseId, d.ShareId, d.Request)), TestEnvironment.Evaluator, "wbni", "cbw");

        var changed = report.Where(r => r.Changes).ToList();
        Assert.Equal(4, changed.Count);
        Assert.All(changed, c =>
        {
            Assert.Equal(Verdict.Prohibited, c.Under.Verdict);
            Assert.Equal(Verdict.Conditional, c.Compared.Verdict);
            Assert.Contains(c.Compared.Conditions, x => x.Id == "tlp-marking" && !x.Met);
        });
    }

    [Fact]
    public void NotificationDraft_DutchByDefault_EnglishOnRequest_EverySectionInItsLanguage()
    {
        var (_, released) = ReleaseUnderWrongRules();
        var registry = Registry();
        var report = RetrospectiveReview.Run(released, TestEnvironment.Evaluator);
        var breach = BreachIntake.FromReview("breach-2024-001", report, registry.Find, AwareAt, "NCSC privacy officer, privacy@ncsc.example")!;
        breach = breach with { DeletionRequests = BreachIntake.DeletionRequests(breach, registry.Find, AwareAt.AddHours(1)) };

        var nl = NotificationDraft.From(breach, AwareAt.AddHours(80));
        var en = NotificationDraft.From(breach, AwareAt.AddHours(80), "en");

        Assert.Equal("nl", nl.Language);
        Assert.Equal("en", en.Language);
        Assert.Equal(nl.ToMarkdown(), NotificationDraft.From(breach, AwareAt.AddHours(80), "nl-NL").ToMarkdown());
        Assert.Equal(en.Sections.Select(s => s.Key), nl.Sections.Select(s => s.Key));
        // Every title differs; every text differs, but for what a person typed (the contact point) and an empty section (a dash).
        Assert.All(nl.Sections.Zip(en.Sections), p => Assert.NotEqual(p.Second.Title, p.First.Title));
        Assert.All(nl.Sections.Zip(en.Sections).Where(p => p.First.Key is not "contact" && p.First.Text != "—"), p => Assert.NotEqual(p.Second.Text, p.First.Text));
        Assert.Contains("AVG art. 33 lid 1", nl.ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains("TE LAAT", nl.ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains("[in te vullen: redenen voor de vertraging]", nl.Sections.Single(s => s.Key == "timeline").Text, StringComparison.Ordinal);
        Assert.Contains("GDPR art. 33(1)", en.ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains("(LATE)", en.ToMarkdown(), StringComparison.Ordinal);
        Assert.DoesNotContain("Recipients", nl.ToMarkdown(), StringComparison.Ordinal);
        // The intake's own texts are in Dutch too; only what people typed (the contact point) stays as typed.
        Assert.Contains(BreachTexts.Nature.Nl, nl.ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains("Een terugblikkende toetsing onder regelset", nl.ToMarkdown(), StringComparison.Ordinal);
        Assert.DoesNotContain(BreachTexts.Effects.En, nl.ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains(BreachTexts.Effects.En, en.ToMarkdown(), StringComparison.Ordinal);
        Assert.Equal("nl", nl.ToJson()["language"]!.GetValue<string>());
    }

    [Fact]
    public void NotificationDraft_NamesAreEscaped()
    {
        var breach = new BreachRecord
        {
            Id = "b-1", Title = "t", AwareAt = AwareAt, StartedAt = SentAt, Nature = "n", Facts = "f", Effects = "e", LikelyConsequences = "c",
            DataCategories = ["ip"], DataSubjects = "s", ApproximateDataSubjects = 1, ApproximateRecords = 1, ContactPoint = "dpo",
            Recipients = [new AffectedRecipient("p", "<script>alert(1)</script> [x](javascript:y)", "US", "s", 1, SentAt, "r")],
        };

        var markdown = NotificationDraft.From(breach, AwareAt).ToMarkdown();

        Assert.DoesNotContain("<script>", markdown, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("[x](", markdown, StringComparison.Ordinal);
    }
}
