using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Application.Planning;
using Grondslag.Attribution.Parties;
using Grondslag.Delivery.Taxii;
using Grondslag.Domain.Law;
using Grondslag.Domain.Time;
using Grondslag.Rules;
using Grondslag.Storage;
using Grondslag.Storage.Cases;
using Grondslag.Storage.Delivery;
using Grondslag.Storage.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grondslag.Server.Tests.Gate;

/// <summary>
/// Issue 11, build 7: random walks through the real server — random lists, dates, regimes (in force and what-if),
/// recipients and actors trying to confirm, ask advice, approve and release, with the clock moving across legal days.
/// Afterwards every TAXII object, outbox row and recipient-visible share must belong to a share that the law in force
/// on the legal day of its release permits for exactly that party — re-evaluated here, independently of the server,
/// from the rule files and registry on disk — approved by someone who took no part in preparing it.
/// Deterministic: a fixed seed per provider.
/// </summary>
public sealed class GateWalkPropertyTests
{
    private const int Walks = 18;

    private const int MaxSharesPerWalk = 8;

    private static readonly (string Name, string[] Roles)[] People =
    [
        ("alice", ["analyst", "duty-officer"]),
        ("bob", ["duty-officer"]),
        ("carol", ["analyst"]),
        ("dave", ["decision-maker"]),
        ("erin", ["analyst", "duty-officer", "decision-maker"]),
        ("lara", ["legal-adviser"]),
        ("nick", ["nctv-adviser"]),
    ];

    private static readonly string[] Analysts = ["alice", "carol", "erin"];
    private static readonly string[] Deciders = ["alice", "bob", "dave", "erin"];
    private static readonly string[] Releasers = ["alice", "bob", "carol", "erin"];
    private static readonly string?[] Regimes = [null, null, null, "wbni", "cbw"];
    private static readonly HttpStatusCode[] Expected = [HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden, HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity];

    public static TheoryData<DatabaseProvider> Providers => TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RandomWalks_NothingReachesARecipientUnlessTheLawInForcePermitsItForThatPartyWithFourEyes(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        foreach (var (name, roles) in People)
        {
            clients[name] = await host.SignedInAsync(name, roles);
        }

        try
        {
            var random = new Random(20240610 + (int)provider);
            var lines = (await File.ReadAllLinesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt")))
                .Where(l => l.Length > 0 && l[0] != '#').ToArray();
            var attempts = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var walk = 0; walk < Walks; walk++)
            {
                await WalkAsync(host, clients, random, lines, attempts);
            }

            var released = await CheckInvariantAsync(host);

            // Not vacuous: lawful releases happened, and bad paths were tried and refused.
            Assert.True(released >= 3, $"only {released} releases in {Walks} walks: {string.Join(", ", attempts.Select(a => $"{a.Key}={a.Value}"))}");
            Assert.True(attempts.GetValueOrDefault("release:Conflict") + attempts.GetValueOrDefault("release:UnprocessableEntity") + attempts.GetValueOrDefault("release:Forbidden") > 0);
            Assert.True(attempts.GetValueOrDefault("decide:Forbidden") > 0, "no four-eyes refusal was exercised");
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
    }

    private static async Task WalkAsync(TestServerHost host, Dictionary<string, HttpClient> clients, Random random, string[] lines, Dictionary<string, int> attempts)
    {
        T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
        async Task<HttpStatusCode> TryAsync(string what, Task<HttpResponseMessage> call)
        {
            using var response = await call;
            Assert.Contains(response.StatusCode, Expected);
            var key = $"{what}:{response.StatusCode}";
            attempts[key] = attempts.GetValueOrDefault(key) + 1;
            return response.StatusCode;
        }

        var list = Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Range(0, 150).Select(_ => Pick(lines)).Distinct(StringComparer.Ordinal)) + "\n");
        var creator = Pick(Analysts);
        var caseId = await GateProbe.CaseWithListAsync(clients[creator], list, title: "walk");
        var importer = Pick(Analysts);
        if (importer != creator)
        {
            // A second import by a colleague becomes the list the plan is made from.
            var more = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(list) + Pick(lines) + "\n");
            await TryAsync("import", clients[importer].PostTextAsync($"/api/cases/{caseId}/imports?fileName=more.txt", more));
        }

        // Sometimes the clock moves first: across midnight in Amsterdam, or by days.
        if (random.Next(3) == 0)
        {
            await AdvanceAsync(host, clients, TimeSpan.FromHours(random.Next(1, 40)));
        }

        var today = LegalCalendar.LegalDay(host.Clock.GetUtcNow());
        var date = random.Next(6) switch
        {
            0 => today.AddDays(-1),
            1 => today.AddDays(1),
            2 => new DateOnly(2023, 3, 1).AddDays(random.Next(400)),
            _ => today,
        };
        var regime = Pick(Regimes);
        var assessor = Pick(Analysts);
        if (await TryAsync("assess", clients[assessor].PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { date = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), regime })) != HttpStatusCode.Created)
        {
            return;
        }

        List<ShareRow> shares;
        await using (var db = host.Db())
        {
            shares = [.. (await db.Set<ShareRow>().AsNoTracking().Where(s => s.CaseId == caseId).ToListAsync()).OrderBy(s => s.PartyId, StringComparer.Ordinal)];
        }

        // Favour shares that could lawfully go out, but always try some that cannot.
        var chosen = shares.OrderBy(s => (s.Verdict is "permitted" or "conditional" ? 0 : 1) * random.Next(1, 3) + random.NextDouble()).Take(MaxSharesPerWalk).ToList();
        foreach (var share in chosen)
        {
            var path = $"/api/cases/{caseId}/shares/{share.Id}";
            foreach (var condition in JsonNode.Parse(share.ConditionsJson)!.AsArray().Select(c => c!["id"]!.GetValue<string>()))
            {
                if (random.Next(4) != 0)
                {
                    await TryAsync("confirm", GateProbe.ConfirmAsync(clients[Pick(Releasers)], caseId, share.Id, condition));
                }
            }

            if (random.Next(6) == 0)
            {
                var asked = await clients[Pick(Analysts)].PostAsJsonAsync($"{path}/advice-requests", new { adviser = "legal", question = "May this go?", exceptionalRisk = false });
                if (asked.StatusCode == HttpStatusCode.Created)
                {
                    var id = (await asked.JsonAsync())["id"]!.GetValue<string>();
                    await TryAsync("advice", clients["lara"].PostAsJsonAsync($"{path}/advice-requests/{id}/answer", new { advice = "No objection." }));
                }

                asked.Dispose();
            }

            if (random.Next(8) != 0)
            {
                await TryAsync("decide", GateProbe.ApproveAsync(clients[Pick(Deciders)], caseId, share.Id));
            }

            if (random.Next(8) == 0)
            {
                await AdvanceAsync(host, clients, TimeSpan.FromHours(random.Next(1, 16)));
            }

            if (random.Next(10) != 0)
            {
                await TryAsync("release", GateProbe.ReleaseAsync(clients[Pick(Releasers)], caseId, share.Id));
            }
        }
    }

    /// <summary>Moves the server's clock; everyone signs in again (access tokens expire on the server's clock).</summary>
    private static async Task AdvanceAsync(TestServerHost host, Dictionary<string, HttpClient> clients, TimeSpan by)
    {
        host.Clock.Advance(by);
        foreach (var (name, roles) in People)
        {
            clients[name].Dispose();
            clients[name] = await host.SignedInAsync(name, roles);
        }
    }

    /// <summary>Checks every delivered thing against an independent re-evaluation; returns the number of releases.</summary>
    private static async Task<int> CheckInvariantAsync(TestServerHost host)
    {
        var evaluator = new LegalEvaluator(RuleBookLoader.Load(Path.Combine(TestServerHost.Root, "rules")));
        var registry = PartyRegistryLoader.LoadFile(Path.Combine(TestServerHost.Root, "parties", "default.yaml"));
        Assert.Equal(evaluator.Book.Sha256, host.Services.GetRequiredService<ISharingContext>().Evaluator.Book.Sha256);
        await using var db = host.Db();
        var releases = await db.Set<ReleaseRow>().AsNoTracking().ToListAsync();
        var releasedShares = releases.ToDictionary(r => r.ShareId, StringComparer.Ordinal);
        foreach (var release in releases)
        {
            var share = await db.Set<ShareRow>().AsNoTracking().SingleAsync(s => s.Id == release.ShareId);
            var file = await db.Set<CaseRow>().AsNoTracking().SingleAsync(c => c.Id == share.CaseId);
            var plan = await db.Set<PlanRow>().AsNoTracking().SingleAsync(p => p.Id == share.PlanId);
            var import = await db.Set<ImportRow>().AsNoTracking().SingleAsync(i => i.Id == plan.ImportId);
            var confirmations = await db.Set<ConfirmationRow>().AsNoTracking().Where(c => c.ShareId == share.Id).ToListAsync();
            var advice = await db.Set<AdviceRow>().AsNoTracking().Where(a => a.ShareId == share.Id).ToListAsync();
            var decision = await db.Set<DecisionRow>().AsNoTracking().SingleAsync(d => d.ShareId == share.Id);
            var party = registry.Find(release.PartyId);
            Assert.NotNull(party);
            Assert.Equal(share.PartyId, release.PartyId);

            // The law in force on the legal day of the release, for exactly this party, with no override.
            var day = LegalCalendar.LegalDay(release.ReleasedAt);
            var classes = plan.Classes.Split(',').Select(c => InformationClasses.TryParse(c, out var parsed) ? parsed : throw new FormatException(c)).ToImmutableSortedSet();
            var originator = new OriginatorConditions(TlpLevels.TryParse(file.Tlp, out var tlp) ? tlp : TlpLevel.Red,
                file.Purpose == "none" ? PurposeRestriction.None : PurposeRestriction.InformVictims, file.ThirdPartyRule, file.OriginatorConsent);
            var assessment = evaluator.Assess(new AssessmentRequest(classes, originator, PlanSharing.ProfileOf(party), true, day, null,
                [.. confirmations.Select(c => c.ConditionId)]));
            Assert.True(assessment.Verdict == Verdict.Permitted && !assessment.WhatIf && assessment.Failure is null,
                $"{release.ShareId} went to {release.PartyId} on {day:yyyy-MM-dd} but the law in force says {assessment.Verdict.ToWire()}: {assessment.Explanation}");

            // Four eyes: the approver took no part in preparing it.
            string?[] preparers = [file.CreatedBy, import.ImportedBy, plan.CreatedBy, share.PreparedBy,
                .. confirmations.Select(c => c.ConfirmedBy), .. advice.Select(a => a.RequestedBy), .. advice.Select(a => a.AnsweredBy)];
            Assert.Equal("approved", decision.Outcome);
            Assert.DoesNotContain(decision.DecidedBy, preparers.OfType<string>(), StringComparer.OrdinalIgnoreCase);
        }

        foreach (var taxii in await db.Set<TaxiiObjectRow>().AsNoTracking().Where(t => t.ShareId != "").ToListAsync())
        {
            Assert.True(releasedShares.TryGetValue(taxii.ShareId, out var release), $"TAXII object {taxii.ObjectId} of {taxii.ShareId} has no release");
            Assert.Equal(TaxiiCollections.IdOf(release.PartyId), taxii.CollectionId);
        }

        foreach (var outbox in await db.Set<OutboxRow>().AsNoTracking().ToListAsync())
        {
            Assert.True(releasedShares.TryGetValue(outbox.ShareId, out var release), $"outbox entry {outbox.Key} of {outbox.ShareId} has no release");
            Assert.Equal(release.PartyId, outbox.RecipientId);
        }

        foreach (var party in releases.Select(r => r.PartyId).Distinct(StringComparer.Ordinal).Concat(["jpcert-cc", "cisa", "ncsc-uk"]))
        {
            foreach (var seen in await GateProbe.RecipientSharesAsync(host, party))
            {
                var id = seen!["shareId"]?.GetValue<string>() ?? seen["id"]!.GetValue<string>();
                Assert.True(releasedShares.TryGetValue(id, out var release) && release.PartyId == party, $"{party} sees {id}, not released to it");
            }
        }

        return releases.Count;
    }
}
