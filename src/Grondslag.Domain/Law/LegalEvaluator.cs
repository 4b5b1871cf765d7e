using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Grondslag.Domain.Text;

namespace Grondslag.Domain.Law;

/// <summary>
/// The legal decision engine: decides, per recipient and date, whether information may be shared,
/// under the regime in force (or a what-if regime) with the overlays on top. It never throws and
/// never answers <see cref="Verdict.Permitted"/> when anything went wrong: it fails closed and says why.
/// </summary>
public sealed class LegalEvaluator(RuleBook book)
{
    private const int MaxUnknownCombinations = 4096;

    public RuleBook Book => book;

    public Assessment Assess(AssessmentRequest request) => Assess(request, withAlternatives: true);

    private Assessment Assess(AssessmentRequest request, bool withAlternatives)
    {
        ArgumentNullException.ThrowIfNull(request);
        RuleSet? regime = null;
        try
        {
            var inForce = book.RegimeInForce(request.Date);
            if (request.RegimeOverride is { } overrideId)
            {
                regime = book.Regime(overrideId);
                if (regime is null)
                {
                    var known = string.Join(", ", book.Regimes.Select(r => r.Id));
                    return Fail(request, null, new(
                        $"There is no regime '{overrideId}'; known regimes: {known}.",
                        $"Er bestaat geen regime '{overrideId}'; bekende regimes: {known}."));
                }
            }
            else if (inForce is null)
            {
                return Fail(request, null, new(
                    $"No regime is in force on {Day(request.Date)} (the Wbni applies from 2018-11-09); no basis can be established for that date.",
                    $"Op {Day(request.Date)} geldt geen regime (de Wbni geldt vanaf 2018-11-09); voor die datum kan geen grondslag worden vastgesteld."));
            }
            else
            {
                regime = inForce;
            }

            var problem = ProblemWith(request);
            if (problem is not null)
            {
                return Fail(request, regime, problem);
            }

            var whatIf = inForce is null || !string.Equals(inForce.Id, regime.Id, StringComparison.Ordinal);
            var facts = Derive(request);
            var regimeLayer = EvaluateLayer(regime, facts, request.Date);
            if (regimeLayer.Undecided is { } undecided)
            {
                return Fail(request, regime, undecided, regimeLayer.Trace);
            }

            if (regimeLayer.Verdict is null)
            {
                return Fail(request, regime, new(
                    $"No rule of the {regime.Title} applies to these facts: the rule set has a gap here.",
                    $"Geen regel van {NlTitle(regime)} is op deze feiten van toepassing: de regelset vertoont hier een leemte."), regimeLayer.Trace);
            }

            var layers = new List<LayerResult> { regimeLayer };
            foreach (var overlay in book.Overlays)
            {
                var result = EvaluateLayer(overlay, facts, request.Date);
                if (result.Undecided is { } overlayUndecided)
                {
                    return Fail(request, regime, overlayUndecided, [.. layers.SelectMany(l => l.Trace), .. result.Trace]);
                }

                layers.Add(result);
            }

            return Combine(request, regime, whatIf, facts, layers, withAlternatives);
        }
#pragma warning disable CA1031 // Fail closed on any error: that is the point.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Fail(request, regime, new($"The evaluation failed: {ex.Message}", $"De beoordeling is mislukt: {ex.Message}"));
        }
    }

    private static LocalText? ProblemWith(AssessmentRequest request)
    {
        if (request.Recipient.UnrecognisedKind is { } kindText)
        {
            return new(
                $"The recipient kind '{kindText}' is not known; use one of: {Parties.RecipientKinds.WireList}.",
                $"Het soort ontvanger '{kindText}' is onbekend; gebruik een van: {Parties.RecipientKinds.WireList}.");
        }

        if (request.Recipient.Kind is null)
        {
            return new(
                "The recipient's kind is missing; use one of: " + Parties.RecipientKinds.WireList + ".",
                "Het soort ontvanger ontbreekt; gebruik een van: " + Parties.RecipientKinds.WireList + ".");
        }

        if (request.Recipient.UnrecognisedCountry is { } countryText)
        {
            return new(
                $"The recipient country '{countryText}' is not an ISO 3166-1 alpha-2 code (such as NL or GB).",
                $"Het land van de ontvanger '{countryText}' is geen ISO 3166-1 alpha-2-code (zoals NL of GB).");
        }

        if (request.Recipient.Country is null)
        {
            return new(
                "The recipient's country is missing; give an ISO 3166-1 alpha-2 code (such as NL or GB).",
                "Het land van de ontvanger ontbreekt; geef een ISO 3166-1 alpha-2-code (zoals NL of GB).");
        }

        if (request.Classes.IsEmpty)
        {
            return new(
                $"No information classes were given; use one or more of: {InformationClasses.WireList}.",
                $"Er zijn geen informatiesoorten opgegeven; gebruik een of meer van: {InformationClasses.WireList}.");
        }

        if (request.Classes.Contains(InformationClass.Aggregate) && request.Classes.Count > 1)
        {
            var others = string.Join(", ", request.Classes.Where(c => c != InformationClass.Aggregate).Select(c => c.ToWire()));
            return new(
                "'aggregate' means figures that identify no provider or person, so it cannot be combined with " + others + ".",
                "'aggregate' betekent cijfers die geen aanbieder of persoon identificeren en kan dus niet worden gecombineerd met " + others + ".");
        }

        return null;
    }

    /// <summary>Turns the request into the fact values the rules test.</summary>
    public FactValues Derive(AssessmentRequest request)
    {
        var values = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var recipient = request.Recipient;
        var date = request.Date;
        if (recipient.Kind is { } kind)
        {
            values[FactCatalogue.RecipientKind] = Parties.RecipientKinds.ToWire(kind);
        }

        if (recipient.Country is { } country)
        {
            values[FactCatalogue.RecipientDomestic] = FactValues.Bool(country == Parties.CountryCode.Netherlands);
            values[FactCatalogue.RecipientEuMember] = FactValues.Bool(book.Countries.IsEuMember(country, date));
            values[FactCatalogue.RecipientEeaMember] = FactValues.Bool(book.Countries.IsEeaMember(country, date));
            values[FactCatalogue.RecipientEuTransition] = FactValues.Bool(book.Countries.IsInEuTransition(country, date));
            if (recipient.EffectiveDataProtectionRegime is { } regime)
            {
                values[FactCatalogue.RecipientDataProtection] = Parties.DataProtectionRegimes.ToWire(regime);
                values[FactCatalogue.RecipientAdequacy] = FactValues.Bool(book.Countries.AdequacyFor(country, regime, recipient.DpfCertified, date) is not null);
            }
        }

        values[FactCatalogue.RecipientEntity] = FactValues.Bool(recipient.EssentialOrImportantEntity);
        if (book.Bill36084.InForceOn(date) is { } amended)
        {
            values[FactCatalogue.Wbni36084InForce] = FactValues.Bool(amended);
        }

        values[FactCatalogue.RecipientDesignated] = FactValues.Bool(!recipient.Designations.IsDefault && recipient.Designations.Any(d => d.Contains(date)));
        values[FactCatalogue.RecipientCooperation] = FactValues.Bool(!recipient.CooperationRelationships.IsDefault && recipient.CooperationRelationships.Any(d => d.Contains(date)));
        if (request.OwnConstituency is { } own)
        {
            values[FactCatalogue.ShareOwnConstituency] = FactValues.Bool(own);
        }

        var classes = request.Classes;
        values[FactCatalogue.ProviderTraceable] = FactValues.Bool(classes.Contains(InformationClass.ProviderTraceable));
        values[FactCatalogue.Confidential] = FactValues.Bool(classes.Contains(InformationClass.Confidential));
        values[FactCatalogue.PersonalData] = FactValues.Bool(classes.Contains(InformationClass.PersonalData));
        values[FactCatalogue.PersonalDataPossible] = FactValues.Bool(classes.Contains(InformationClass.PersonalDataPossible));
        values[FactCatalogue.PersonalDataNotExcluded] = FactValues.Bool(
            classes.Contains(InformationClass.PersonalData) || classes.Contains(InformationClass.PersonalDataPossible));
        values[FactCatalogue.AggregateOnly] = FactValues.Bool(classes.Count == 1 && classes.Contains(InformationClass.Aggregate));
        values[FactCatalogue.OriginatorTlp] = request.Originator.Tlp.ToWire();
        values[FactCatalogue.OriginatorPurpose] = OriginatorConditions.ToWire(request.Originator.Purpose);
        values[FactCatalogue.OriginatorThirdPartyRule] = FactValues.Bool(request.Originator.ThirdPartyRule);
        values[FactCatalogue.OriginatorConsent] = FactValues.Bool(request.Originator.OriginatorConsent);
        return new FactValues(values.ToImmutable());
    }

    private sealed record LayerResult(
        RuleSet Set,
        Verdict? Verdict,
        ImmutableArray<Rule> Remaining,
        ImmutableArray<TraceLine> Trace,
        LocalText? Undecided);

    private static LayerResult EvaluateLayer(RuleSet set, FactValues facts, DateOnly date)
    {
        var inForce = set.Rules.Where(r => r.Validity.Contains(date)).ToList();
        var unknown = inForce.SelectMany(r => r.When).Select(c => c.Fact).Distinct(StringComparer.Ordinal)
            .Where(f => !facts.TryGet(f, out _)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count == 0)
        {
            return EvaluateComplete(set, inForce, facts, date);
        }

        // A fact is unknown: the answer stands only if every value it could take gives the same answer.
        var combinations = unknown.Aggregate(
            (IEnumerable<FactValues>)[facts],
            (acc, fact) => acc.SelectMany(f => FactCatalogue.Get(fact).Values.Select(v => f.With(fact, v))));
        var results = new List<(FactValues Facts, LayerResult Result)>();
        foreach (var completed in combinations)
        {
            if (results.Count >= MaxUnknownCombinations)
            {
                return new LayerResult(set, null, [], Trace(set, facts, date, [], []), new(
                    $"Too many facts are unknown ({string.Join(", ", unknown)}) to settle the {set.Title}.",
                    $"Te veel feiten zijn onbekend ({string.Join(", ", unknown)}) om {NlTitle(set)} af te wegen."));
            }

            results.Add((completed, EvaluateComplete(set, inForce, completed, date)));
        }

        var first = results[0].Result;
        var sameAnswer = results.All(r => r.Result.Verdict == first.Verdict
            && r.Result.Remaining.Select(x => x.Id).SequenceEqual(first.Remaining.Select(x => x.Id)));
        var trace = Trace(set, facts, date, first.Remaining, []);
        if (sameAnswer)
        {
            return first with { Trace = trace };
        }

        var groups = results.GroupBy(r => r.Result.Verdict).ToList();
        string Setting(IGrouping<Verdict?, (FactValues Facts, LayerResult Result)> g) =>
            string.Join(", ", unknown.Select(u => $"{u} = {(g.First().Facts.TryGet(u, out var v) ? v : "?")}"));
        var examples = groups.Select(g => $"with {Setting(g)} it would be {g.Key?.ToWire() ?? "undecided"}");
        var examplesNl = groups.Select(g => $"met {Setting(g)} zou het {(g.Key is { } k ? VerdictWord(k).Nl : "onbeslist")} zijn");
        var amendment = unknown.Contains(FactCatalogue.Wbni36084InForce, StringComparer.Ordinal);
        var fix = amendment
            ? " Bill 36 084 (amending Wbni art. 3(2) and 20(2)) decides this answer, and its entry into force is not configured: set it (wbni36084.entryIntoForce in regimes.yaml, GRONDSLAG_WBNI_36084_ENTRY_INTO_FORCE or --wbni-36084-in-force) once confirmed in the Staatsblad, and assess again."
            : " Establish the fact and assess again.";
        var fixNl = amendment
            ? " Wetsvoorstel 36 084 (tot wijziging van art. 3, tweede lid, en art. 20, tweede lid, Wbni) is bepalend voor dit antwoord, en de datum van inwerkingtreding ervan is niet geconfigureerd: stel die in (wbni36084.entryIntoForce in regimes.yaml, GRONDSLAG_WBNI_36084_ENTRY_INTO_FORCE of --wbni-36084-in-force) zodra zij in het Staatsblad is bevestigd, en beoordeel opnieuw."
            : " Stel het feit vast en beoordeel opnieuw.";
        return new LayerResult(set, null, [], trace, new(
            $"The answer under the {set.Title} depends on {string.Join(" and ", unknown)}, which {(unknown.Count == 1 ? "is" : "are")} not known: {string.Join("; ", examples)}.{fix}",
            $"Het antwoord onder {NlTitle(set)} hangt af van {string.Join(" en ", unknown)}, {(unknown.Count == 1 ? "dat" : "die")} niet bekend {(unknown.Count == 1 ? "is" : "zijn")}: {string.Join("; ", examplesNl)}.{fixNl}"));
    }

    private static LayerResult EvaluateComplete(RuleSet set, List<Rule> inForce, FactValues facts, DateOnly date)
    {
        var applicable = inForce.Where(r => r.When.All(c => facts.TryGet(c.Fact, out var v) && c.IsSatisfiedBy(v))).ToList();
        var setAside = applicable
            .Where(r => applicable.Any(o => o.Overrides.Contains(r.Id, StringComparer.Ordinal)))
            .ToDictionary(r => r.Id, r => applicable.First(o => o.Overrides.Contains(r.Id, StringComparer.Ordinal)).Id, StringComparer.Ordinal);
        var remaining = applicable.Where(r => !setAside.ContainsKey(r.Id)).ToImmutableArray();
        var outcomes = remaining.Select(r => r.Outcome).Distinct().ToList();
        if (outcomes.Count > 1)
        {
            // The loader proves this cannot happen; if it does, never pick one silently.
            throw new InvalidOperationException(
                $"Rules {string.Join(" and ", remaining.Select(r => $"'{r.Id}' ({r.Outcome.ToWire()})"))} of the {set.Title} both apply and none overrides the other.");
        }

        return new LayerResult(set, outcomes.Count == 0 ? null : outcomes[0], remaining, Trace(set, facts, date, remaining, setAside), null);
    }

    private static ImmutableArray<TraceLine> Trace(
        RuleSet set, FactValues facts, DateOnly date, ImmutableArray<Rule> remaining, Dictionary<string, string> setAside)
    {
        var lines = ImmutableArray.CreateBuilder<TraceLine>();
        foreach (var rule in set.Rules)
        {
            if (!rule.Validity.Contains(date))
            {
                lines.Add(new TraceLine(set.Id, rule.Id, TraceStatus.NotInForce, $"valid {rule.Validity}, not on {Day(date)}"));
            }
            else if (remaining.Contains(rule))
            {
                lines.Add(new TraceLine(set.Id, rule.Id, TraceStatus.Applies, $"applies: {rule.Outcome.ToWire()}"));
            }
            else if (setAside.TryGetValue(rule.Id, out var by))
            {
                lines.Add(new TraceLine(set.Id, rule.Id, TraceStatus.SetAside, $"applies, but set aside by the exception '{by}'"));
            }
            else
            {
                var failing = rule.When
                    .Select(c => (c, Actual: facts.TryGet(c.Fact, out var v) ? v : null))
                    .Where(x => x.Actual is null || !x.c.IsSatisfiedBy(x.Actual))
                    .Select(x => $"needs {x.c.Describe()}, is {x.Actual ?? "unknown"}");
                lines.Add(new TraceLine(set.Id, rule.Id, TraceStatus.NotApplicable, string.Join("; ", failing)));
            }
        }

        return lines.ToImmutable();
    }

    private Assessment Combine(
        AssessmentRequest request, RuleSet regime, bool whatIf, FactValues facts, List<LayerResult> layers, bool withAlternatives)
    {
        var conditions = layers
            .Where(l => l.Verdict == Verdict.Conditional)
            .SelectMany(l => l.Remaining.SelectMany(r => r.Conditions))
            .GroupBy(c => c.Id, StringComparer.Ordinal)
            .Select(g => g.First())
            .Select(c =>
            {
                if (request.Confirmed.Contains(c.Id))
                {
                    var adviser = c.ConfirmableBy == ConditionConfirmer.LegalAdviser;
                    return new ConditionStatus(c.Id, c.Description.En, true,
                        adviser ? "confirmed by a legal adviser, with a reference" : "confirmed by an official, with a reference",
                        c.ConfirmableBy, c.Description.Nl,
                        adviser ? "bevestigd door een juridisch adviseur, met kenmerk" : "bevestigd door een behandelend ambtenaar, met kenmerk");
                }

                var byFact = c.MetByFact is { } f && facts.TryGet(f, out var v) && v == "true";
                return new ConditionStatus(c.Id, c.Description.En, byFact, byFact ? c.MetByFact : null, c.ConfirmableBy, c.Description.Nl, byFact ? c.MetByFact : null);
            })
            .ToImmutableArray();

        Verdict Effective(LayerResult l) =>
            l.Verdict == Verdict.Conditional && l.Remaining.SelectMany(r => r.Conditions).All(c => conditions.First(s => s.Id == c.Id).Met)
                ? Verdict.Permitted
                : l.Verdict!.Value;

        var speaking = layers.Where(l => l.Verdict is not null).ToList();
        var verdict = speaking.Select(Effective).Aggregate(Verdict.Permitted, Verdicts.MostRestrictive);
        var determining = (verdict is Verdict.Prohibited or Verdict.AdviceRequired
                ? speaking.Where(l => Effective(l) == verdict)
                : speaking)
            .SelectMany(l => l.Remaining.Select(r => new DeterminingRule(l.Set.Id, r.Id, r.Title, r.Outcome, r.Citations, r.Verify, r.Task, r.TitleText.Nl)))
            .ToImmutableArray();

        var unmet = verdict == Verdict.Permitted
            ? []
            : regime.Rules
                .Where(r => r.Outcome is Verdict.Permitted or Verdict.Conditional && r.Validity.Contains(request.Date))
                .Where(r => !layers[0].Remaining.Contains(r))
                .SelectMany(r => r.When
                    .Select(c => (c, Actual: facts.TryGet(c.Fact, out var v) ? v : "unknown"))
                    .Where(x => !x.c.IsSatisfiedBy(x.Actual))
                    .Select(x => new UnmetPrecondition(r.Id, x.c.Fact, string.Join(" or ", x.c.Allowed), x.Actual)))
                .ToImmutableArray();

        // A refusal or an open question dominates: conditions of other layers are not what stands in the way.
        var shownConditions = verdict is Verdict.Prohibited or Verdict.AdviceRequired ? [] : conditions;

        var trace = layers.SelectMany(l => l.Trace).ToImmutableArray();
        var alternatives = withAlternatives && verdict is Verdict.Prohibited or Verdict.AdviceRequired
            ? Alternatives(request, regime, verdict, speaking.Where(l => Effective(l) == verdict).SelectMany(l => l.Remaining))
            : [];

        var task = TaskSentence(regime, layers[0]);
        var restriction = RestrictionSentence(regime, facts, layers[0]);
        var originator = OriginatorSentence(request, layers.Skip(1).Where(l => l.Set.Id == "originator"));
        var explanation = Explain(request, regime, whatIf, verdict, speaking.Where(l => verdict is Verdict.Permitted or Verdict.Conditional || Effective(l) == verdict), shownConditions, alternatives);
        explanation = new(
            $"{explanation.En} {task.En} {restriction.En} {originator.En}",
            $"{explanation.Nl} {task.Nl} {restriction.Nl} {originator.Nl}");
        return new Assessment(verdict, regime.Id, regime.TitleText, whatIf, book.Sha256, request.Date, request.Recipient, determining, shownConditions, unmet, facts, trace, explanation, alternatives, null,
            task, restriction, originator);
    }

    /// <summary>"Task: …": the NCSC task behind the regime's answer, or that none covers the recipient.</summary>
    private static LocalText TaskSentence(RuleSet regime, LayerResult regimeLayer)
    {
        var tasks = regimeLayer.Remaining.Select(r => LegalTasks.Find(r.Task)).OfType<LegalTask>().Distinct().ToList();
        if (tasks.Count > 0)
        {
            return new(
                "Task: " + string.Join("; ", tasks.Select(t => $"{t.Description.En} ({t.Provision}{(t.Verify ? " [verify]" : "")})")) + ".",
                "Taak: " + string.Join("; ", tasks.Select(t => $"{t.Description.Nl} ({t.Provision}{(t.Verify ? " [te verifiëren]" : "")})")) + ".");
        }

        return regimeLayer.Verdict == Verdict.AdviceRequired
            ? new(
                $"Task: whether one of NCSC's tasks under the {regime.Title} covers this is in doubt; the advisers decide.",
                $"Taak: of een van de taken van het NCSC onder {NlTitle(regime)} dit omvat, staat niet vast; de adviseurs beslissen.")
            : new(
                $"Task: none of NCSC's tasks under the {regime.Title} covers giving this to this recipient; the absence of a restriction is not a basis.",
                $"Taak: geen van de taken van het NCSC onder {NlTitle(regime)} omvat het verstrekken hiervan aan deze ontvanger; het ontbreken van een beperking is geen grondslag.");
    }

    /// <summary>"Restriction: …": whether the art. 20(2) restriction bites and whether the recipient is inside the circle.</summary>
    private static LocalText RestrictionSentence(RuleSet regime, FactValues facts, LayerResult regimeLayer)
    {
        var restricted = facts.TryGet(FactCatalogue.Confidential, out var c) && c == "true"
            && facts.TryGet(FactCatalogue.ProviderTraceable, out var p) && p == "true";
        if (!restricted)
        {
            return new(
                "Restriction: the information is not both confidential and traceable to providers, so the limited circle of Wbni art. 20(2) does not restrict it (the task still must cover it).",
                "Beperking: de informatie is niet zowel vertrouwelijk als tot aanbieders herleidbaar, zodat de beperkte kring van art. 20, tweede lid, Wbni haar niet beperkt (de taak moet haar wel omvatten).");
        }

        var outcome = regimeLayer.Verdict is Verdict.Conditional ? Verdict.Conditional : Verdict.Permitted;
        var inside = SafetyProperties.InCircle(regime.Id, facts, outcome);
        var wbni = string.Equals(regime.Id, "wbni", StringComparison.Ordinal);
        var circle = wbni
            ? "the limited circle of Wbni art. 20(2)"
            : $"the limited circle (under the {regime.Title} as Grondslag reads it, after Wbni art. 20(2))";
        var circleNl = wbni
            ? "de beperkte kring van art. 20, tweede lid, Wbni"
            : $"de beperkte kring (onder {NlTitle(regime)} zoals Grondslag die leest, naar het voorbeeld van art. 20, tweede lid, Wbni)";
        return inside
            ? new(
                $"Restriction: the information is confidential and traceable to providers, so only {circle} may receive it; this recipient is inside that circle.",
                $"Beperking: de informatie is vertrouwelijk en tot aanbieders herleidbaar, zodat alleen {circleNl} haar mag ontvangen; deze ontvanger behoort tot die kring.")
            : new(
                $"Restriction: the information is confidential and traceable to providers, so only {circle} may receive it; this recipient is outside that circle (or its place in it cannot be established).",
                $"Beperking: de informatie is vertrouwelijk en tot aanbieders herleidbaar, zodat alleen {circleNl} haar mag ontvangen; deze ontvanger behoort niet tot die kring (of zijn plaats daarin kan niet worden vastgesteld).");
    }

    /// <summary>"Originator: …": the originator's label and purpose, and which of its conditions decided.</summary>
    private static LocalText OriginatorSentence(AssessmentRequest request, IEnumerable<LayerResult> originatorLayers)
    {
        var o = request.Originator;
        var victims = o.Purpose == PurposeRestriction.InformVictims;
        var what = $"{o.Tlp.ToLabel()}, purpose {(victims ? "\"inform victims\"" : "not restricted")}{(o.ThirdPartyRule ? ", third-party rule" : "")}{(o.OriginatorConsent ? ", consent recorded" : "")}";
        var whatNl = $"{o.Tlp.ToLabel()}, {(victims ? "doelbinding \"slachtoffers informeren\"" : "geen doelbinding")}{(o.ThirdPartyRule ? ", derdenregel" : "")}{(o.OriginatorConsent ? ", toestemming vastgelegd" : "")}";
        var rules = originatorLayers.SelectMany(l => l.Remaining).ToList();
        return rules.Count == 0
            ? new(
                $"Originator: {what}; none of its conditions stands in the way of this recipient.",
                $"Bron: {whatNl}; geen van haar voorwaarden staat in de weg aan verstrekking aan deze ontvanger.")
            : new(
                $"Originator: {what}; its conditions that apply: {string.Join(", ", rules.Select(r => $"{r.Title} ({r.Id})"))}.",
                $"Bron: {whatNl}; haar voorwaarden die van toepassing zijn: {string.Join(", ", rules.Select(r => $"{r.TitleText.Nl} ({r.Id})"))}.");
    }

    private ImmutableArray<Alternative> Alternatives(AssessmentRequest request, RuleSet regime, Verdict verdict, IEnumerable<Rule> determining)
    {
        var kinds = determining.SelectMany(r => r.Alternatives).Distinct().ToList();
        var result = ImmutableArray.CreateBuilder<Alternative>();
        foreach (var kind in kinds)
        {
            switch (kind)
            {
                case AlternativeKind.AggregateOnly:
                    {
                        var a = Assess(request with { Classes = InformationClasses.AggregateOnly }, withAlternatives: false);
                        if (a.Failure is null && a.Verdict.Severity() < verdict.Severity())
                        {
                            var basis = string.Join("; ", a.Basis.Select(c => c.Short));
                            var advice = a.Verdict == Verdict.AdviceRequired;
                            result.Add(new Alternative(kind,
                                $"Share only aggregate figures: counts per country (for example the number of affected addresses in each country), never per network (AS number) or per organisation, which name the provider and are traceable to it ({a.Verdict.ToWire()}{(advice ? ": the advisers decide" : "")}; {basis}). The originator's {request.Originator.Tlp.ToLabel()} still applies.",
                                a.Verdict, a.Basis, null,
                                DescriptionNl: $"Verstrek alleen geaggregeerde cijfers: aantallen per land (bijvoorbeeld het aantal getroffen adressen in elk land), nooit per netwerk (AS-nummer) of per organisatie, want die noemen de aanbieder en zijn tot hem herleidbaar ({VerdictWord(a.Verdict).Nl}{(advice ? ": de adviseurs beslissen" : "")}; {basis}). De {request.Originator.Tlp.ToLabel()} van de bron blijft van toepassing."));
                        }

                        break;
                    }

                case AlternativeKind.AuthorisedParty:
                    {
                        var route = book.AuthorisedParty;
                        var a = Assess(
                            request with { Recipient = Parties.CountryCode.TryParse(route.Country.Value, out var cc) ? RecipientProfile.Of(route.Name, route.Kind, cc) : request.Recipient, OwnConstituency = true },
                            withAlternatives: false);
                        if (a.Verdict is Verdict.Permitted or Verdict.Conditional)
                        {
                            var basis = string.Join("; ", a.Basis.Select(c => c.Short));
                            result.Add(new Alternative(kind,
                                $"Give the information to {route.Name} ({a.Verdict.ToWire()} under {basis}). {route.Description.En} ({route.OnwardBasis.Short})",
                                a.Verdict, [.. a.Basis, route.OnwardBasis], null,
                                DescriptionNl: $"Verstrek de informatie aan {route.Name} ({VerdictWord(a.Verdict).Nl} op grond van {basis}). {route.Description.Nl} ({route.OnwardBasis.Short})"));
                        }

                        break;
                    }

                case AlternativeKind.AwaitRegime:
                    foreach (var other in book.Regimes.Where(r => r.Id != regime.Id))
                    {
                        var a = Assess(request with { RegimeOverride = other.Id }, withAlternatives: false);
                        if (a.Verdict.Severity() >= verdict.Severity())
                        {
                            continue;
                        }

                        var period = book.InForce(other.Id);
                        var from = period?.From;
                        var rules = string.Join("; ", a.DeterminingRules.Select(r => r.Id));
                        var conditions = a.Conditions.IsEmpty ? "" : $" Conditions: {string.Join("; ", a.Conditions.Select(c => c.Description))}.";
                        var conditionsNl = a.Conditions.IsEmpty ? "" : $" Voorwaarden: {string.Join("; ", a.Conditions.Select(c => c.DescriptionText.Nl))}.";
                        var word = VerdictWord(a.Verdict).Nl;
                        var (when, whenNl) = period is { } p && p.Contains(request.Date)
                            ? ($"The {other.Title} is in force on {Day(request.Date)}; under it this share would be {a.Verdict.ToWire()}",
                                $"{Capital(NlTitle(other))} geldt op {Day(request.Date)}; daaronder zou deze verstrekking {word} zijn")
                            : from is { } start && start > request.Date
                                ? ($"From {Day(start)} the {other.Title} applies; under it this share would be {a.Verdict.ToWire()}",
                                    $"Vanaf {Day(start)} geldt {NlTitle(other)}; daaronder zou deze verstrekking {word} zijn")
                                : from is null
                                    ? ($"The {other.Title} has no fixed date of entry into force yet; under it (what-if) this share would be {a.Verdict.ToWire()}",
                                        $"Voor {NlTitle(other)} is nog geen datum van inwerkingtreding vastgesteld; daaronder (wat-als-toets) zou deze verstrekking {word} zijn")
                                    : ($"Under the {other.Title} (not in force on {Day(request.Date)}) this share would be {a.Verdict.ToWire()}",
                                        $"Onder {NlTitle(other)} (niet geldend op {Day(request.Date)}) zou deze verstrekking {word} zijn");
                        result.Add(new Alternative(kind,
                            $"{when} ({rules}).{conditions}",
                            a.Verdict, a.Basis, from, other.Title,
                            DescriptionNl: $"{whenNl} ({rules}).{conditionsNl}",
                            RegimeNl: other.TitleText.Nl));
                    }

                    break;

                case AlternativeKind.SeekAdvice:
                    result.Add(new Alternative(kind,
                        "Ask the legal and administrative advisers of NCSC and NCTV: when serious, exceptional cyber risks are at stake they advise on what else may be done. Record their advice and the decision with its motivation.",
                        Verdict.AdviceRequired, [], null,
                        DescriptionNl: "Vraag de juridische en bestuurlijke adviseurs van het NCSC en de NCTV om advies: waar ernstige, uitzonderlijke cyberrisico's op het spel staan, adviseren zij over wat verder mogelijk is. Leg hun advies en het besluit met de motivering vast."));
                    break;
            }
        }

        return result.ToImmutable();
    }

    private LocalText Explain(
        AssessmentRequest request,
        RuleSet regime,
        bool whatIf,
        Verdict verdict,
        IEnumerable<LayerResult> layers,
        ImmutableArray<ConditionStatus> conditions,
        ImmutableArray<Alternative> alternatives)
    {
        var text = new StringBuilder();
        var nl = new StringBuilder();
        var recipient = request.Recipient;
        var classes = InformationClasses.DescribeText(request.Classes);
        text.Append(CultureInfo.InvariantCulture,
            $"Sharing {classes.En} with {recipient.Name} ({Kind(recipient)}, {recipient.Country}) on {Day(request.Date)} is {verdict.ToWire().ToUpperInvariant()} under the {regime.Title}");
        text.Append(whatIf ? " (what-if: that regime is not in force on that date)." : ".");
        nl.Append(CultureInfo.InvariantCulture,
            $"Het verstrekken aan {recipient.Name} ({KindNl(recipient)}, {recipient.Country}) op {Day(request.Date)} van {classes.Nl}, is {VerdictWord(verdict).Nl.ToUpperInvariant()} onder {NlTitle(regime)}");
        nl.Append(whatIf ? " (wat-als-toets: dat regime geldt niet op die datum)." : ".");
        foreach (var rule in layers.SelectMany(l => l.Remaining))
        {
            var label = CitationLabels.Of(rule.Outcome);
            var cited = string.Join("; ", rule.Citations.Select(c => c.Short));
            text.Append(' ').Append(Fill(rule.ExplanationText.En, request, regime.Title, Kind(request.Recipient))).Append(CultureInfo.InvariantCulture, $" [{rule.Id}, {label.En}: {cited}]");
            nl.Append(' ').Append(Fill(rule.ExplanationText.Nl, request, regime.TitleText.Nl, KindNl(request.Recipient))).Append(CultureInfo.InvariantCulture, $" [{rule.Id}, {label.Nl}: {cited}]");
        }

        var open = conditions.Where(c => !c.Met).ToList();
        if (open.Count > 0)
        {
            text.Append(" Before release, confirm with a reference: ").Append(string.Join("; ", open.Select(c => c.Description))).Append('.');
            nl.Append(" Bevestig vóór verstrekking, met een kenmerk: ").Append(string.Join("; ", open.Select(c => c.DescriptionText.Nl))).Append('.');
        }

        if (alternatives.Length > 0)
        {
            text.Append(" Lawful alternatives: ").Append(string.Join("; ", alternatives.Select(a => a.Kind switch
            {
                AlternativeKind.AggregateOnly => "share counts per country only (never per network or organisation)",
                AlternativeKind.AuthorisedParty => $"give it to {book.AuthorisedParty.Name}, who decide on passing it on under their own law",
                AlternativeKind.AwaitRegime => a.From is { } from ? $"from {Day(from)} it would be {a.Verdict.ToWire()} under the {a.Regime}" : $"under the {a.Regime}, once in force, it would be {a.Verdict.ToWire()}",
                AlternativeKind.SeekAdvice => "ask the legal and NCTV advisers",
            }))).Append('.');
            nl.Append(" Rechtmatige alternatieven: ").Append(string.Join("; ", alternatives.Select(a => a.Kind switch
            {
                AlternativeKind.AggregateOnly => "alleen aantallen per land verstrekken (nooit per netwerk of organisatie)",
                AlternativeKind.AuthorisedParty => $"de informatie verstrekken aan {book.AuthorisedParty.Name}, die op grond van hun eigen wet beslissen over verdere verstrekking",
                AlternativeKind.AwaitRegime => a.From is { } from ? $"vanaf {Day(from)} zou het {VerdictWord(a.Verdict).Nl} zijn onder de {a.RegimeNl ?? a.Regime}" : $"onder de {a.RegimeNl ?? a.Regime} zou het, eenmaal in werking, {VerdictWord(a.Verdict).Nl} zijn",
                AlternativeKind.SeekAdvice => "de juridische adviseurs en de adviseurs van de NCTV om advies vragen",
            }))).Append('.');
        }

        return new(text.ToString(), nl.ToString());
    }

    private static string Fill(string template, AssessmentRequest request, string regimeTitle, string kind) =>
        template
            .Replace("{recipient}", request.Recipient.Name, StringComparison.Ordinal)
            .Replace("{kind}", kind, StringComparison.Ordinal)
            .Replace("{country}", request.Recipient.Country?.Value ?? "?", StringComparison.Ordinal)
            .Replace("{date}", Day(request.Date), StringComparison.Ordinal)
            .Replace("{regime}", regimeTitle, StringComparison.Ordinal)
            .Trim();

    private static string Kind(RecipientProfile recipient) =>
        recipient.Kind is { } k ? Parties.RecipientKinds.ToWire(k) : recipient.UnrecognisedKind ?? "unknown kind";

    /// <summary>The kind in Dutch words, lower case inside a sentence ("nationaal CSIRT", but "OKTT (…)").</summary>
    private static string KindNl(RecipientProfile recipient) =>
        recipient.Kind is { } k ? InSentence(Labels.Of(k).Nl) : recipient.UnrecognisedKind ?? "onbekend soort";

    /// <summary>The verdict as a word: "permitted" / "toegestaan", "advice required" / "advies vereist".</summary>
    private static LocalText VerdictWord(Verdict verdict) => Labels.Of(verdict).Map(InSentence);

    /// <summary>A rule set's title as it reads after a Dutch preposition: "de Wbni (…)", "de toets …" for an overlay.</summary>
    private static string NlTitle(RuleSet set) => (set.Role == RuleSetRole.Regime ? "de " : "de toets ") + set.TitleText.Nl;

    private static string InSentence(string label) =>
        label.Length > 1 && char.IsUpper(label[0]) && !char.IsUpper(label[1]) ? char.ToLowerInvariant(label[0]) + label[1..] : label;

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Whether a failed request asked for another regime than the one in force; true when that cannot be told (fail closed).</summary>
    private bool FailedWhatIf(AssessmentRequest request)
    {
        if (request.RegimeOverride is null)
        {
            return false;
        }

        try
        {
            return !string.Equals(book.RegimeInForce(request.Date)?.Id, request.RegimeOverride, StringComparison.Ordinal);
        }
#pragma warning disable CA1031 // Failing already; an unknown answer counts as a what-if.
        catch (Exception)
#pragma warning restore CA1031
        {
            return true;
        }
    }

    private Assessment Fail(AssessmentRequest request, RuleSet? regime, LocalText reason, ImmutableArray<TraceLine> trace = default)
    {
        var explanation = new LocalText(
            $"Grondslag could not establish a basis for sharing with {request.Recipient.Name} on {Day(request.Date)}: {reason.En} It fails closed: nothing may be released until this is resolved or the advisers have advised and a decision is recorded.",
            $"Grondslag kon geen grondslag vaststellen voor verstrekking aan {request.Recipient.Name} op {Day(request.Date)}: {reason.Nl} De beoordeling valt daarom veilig uit: niets mag worden verstrekt totdat dit is opgelost, of de adviseurs hebben geadviseerd en een besluit is vastgelegd.");
        FactValues facts;
        try
        {
            facts = Derive(request);
        }
#pragma warning disable CA1031 // Even deriving facts may fail on broken input; the failure is already being reported.
        catch (Exception)
#pragma warning restore CA1031
        {
            facts = new FactValues(ImmutableSortedDictionary<string, string>.Empty);
        }

        return new Assessment(
            Verdict.AdviceRequired,
            regime?.Id ?? "none",
            regime?.TitleText ?? new LocalText("no regime", "geen regime"),
            FailedWhatIf(request),
            book.Sha256,
            request.Date,
            request.Recipient,
            [],
            [],
            [],
            facts,
            trace.IsDefault ? [] : trace,
            explanation,
            [new Alternative(AlternativeKind.SeekAdvice, "Ask the legal and administrative advisers of NCSC and NCTV, and correct the input or the rule set.", Verdict.AdviceRequired, [], null,
                DescriptionNl: "Vraag de juridische en bestuurlijke adviseurs van het NCSC en de NCTV om advies, en verbeter de invoer of de regelset.")],
            reason);
    }
}
