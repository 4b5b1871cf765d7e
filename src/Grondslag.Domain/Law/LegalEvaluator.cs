using System.Collections.Immutable;
using System.Globalization;
using System.Text;

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
                    return Fail(request, null, $"There is no regime '{overrideId}'; known regimes: {string.Join(", ", book.Regimes.Select(r => r.Id))}.");
                }
            }
            else if (inForce is null)
            {
                return Fail(request, null, $"No regime is in force on {Day(request.Date)} (the Wbni applies from 2018-11-09); no basis can be established for that date.");
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
                return Fail(request, regime, $"No rule of the {regime.Title} applies to these facts: the rule set has a gap here.", regimeLayer.Trace);
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
            return Fail(request, regime, $"The evaluation failed: {ex.Message}");
        }
    }

    private static string? ProblemWith(AssessmentRequest request)
    {
        if (request.Recipient.UnrecognisedKind is { } kindText)
        {
            return $"The recipient kind '{kindText}' is not known; use one of: {Parties.RecipientKinds.WireList}.";
        }

        if (request.Recipient.Kind is null)
        {
            return "The recipient's kind is missing; use one of: " + Parties.RecipientKinds.WireList + ".";
        }

        if (request.Recipient.UnrecognisedCountry is { } countryText)
        {
            return $"The recipient country '{countryText}' is not an ISO 3166-1 alpha-2 code (such as NL or GB).";
        }

        if (request.Recipient.Country is null)
        {
            return "The recipient's country is missing; give an ISO 3166-1 alpha-2 code (such as NL or GB).";
        }

        if (request.Classes.IsEmpty)
        {
            return $"No information classes were given; use one or more of: {InformationClasses.WireList}.";
        }

        if (request.Classes.Contains(InformationClass.Aggregate) && request.Classes.Count > 1)
        {
            return "'aggregate' means figures that identify no provider or person, so it cannot be combined with "
                + string.Join(", ", request.Classes.Where(c => c != InformationClass.Aggregate).Select(c => c.ToWire())) + ".";
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
        string? Undecided);

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
                return new LayerResult(set, null, [], Trace(set, facts, date, [], []),
                    $"Too many facts are unknown ({string.Join(", ", unknown)}) to settle the {set.Title}.");
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

        var examples = results
            .GroupBy(r => r.Result.Verdict)
            .Select(g => $"with {string.Join(", ", unknown.Select(u => $"{u} = {(g.First().Facts.TryGet(u, out var v) ? v : "?")}"))} it would be {g.Key?.ToWire() ?? "undecided"}");
        var fix = unknown.Contains(FactCatalogue.Wbni36084InForce, StringComparer.Ordinal)
            ? " Bill 36 084 (amending Wbni art. 3(2) and 20(2)) decides this answer, and its entry into force is not configured: set it (wbni36084.entryIntoForce in regimes.yaml, GRONDSLAG_WBNI_36084_ENTRY_INTO_FORCE or --wbni-36084-in-force) once confirmed in the Staatsblad, and assess again."
            : " Establish the fact and assess again.";
        return new LayerResult(set, null, [], trace,
            $"The answer under the {set.Title} depends on {string.Join(" and ", unknown)}, which {(unknown.Count == 1 ? "is" : "are")} not known: {string.Join("; ", examples)}.{fix}");
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
                    return new ConditionStatus(c.Id, c.Description, true,
                        c.ConfirmableBy == ConditionConfirmer.LegalAdviser ? "confirmed by a legal adviser, with a reference" : "confirmed by an official, with a reference",
                        c.ConfirmableBy);
                }

                var byFact = c.MetByFact is { } f && facts.TryGet(f, out var v) && v == "true";
                return new ConditionStatus(c.Id, c.Description, byFact, byFact ? c.MetByFact : null, c.ConfirmableBy);
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
            .SelectMany(l => l.Remaining.Select(r => new DeterminingRule(l.Set.Id, r.Id, r.Title, r.Outcome, r.Citations, r.Verify, r.Task)))
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
        var explanation = Explain(request, regime, whatIf, verdict, speaking.Where(l => verdict is Verdict.Permitted or Verdict.Conditional || Effective(l) == verdict), shownConditions, alternatives)
            + $" {task} {restriction} {originator}";
        return new Assessment(verdict, regime.Id, regime.Title, whatIf, book.Sha256, request.Date, request.Recipient, determining, shownConditions, unmet, facts, trace, explanation, alternatives, null,
            task, restriction, originator);
    }

    /// <summary>"Task: …": the NCSC task behind the regime's answer, or that none covers the recipient.</summary>
    private static string TaskSentence(RuleSet regime, LayerResult regimeLayer)
    {
        var tasks = regimeLayer.Remaining.Select(r => LegalTasks.Find(r.Task)).OfType<LegalTask>().Distinct().ToList();
        if (tasks.Count > 0)
        {
            return "Task: " + string.Join("; ", tasks.Select(t => $"{t.Description} ({t.Provision}{(t.Verify ? " [verify]" : "")})")) + ".";
        }

        return regimeLayer.Verdict == Verdict.AdviceRequired
            ? $"Task: whether one of NCSC's tasks under the {regime.Title} covers this is in doubt; the advisers decide."
            : $"Task: none of NCSC's tasks under the {regime.Title} covers giving this to this recipient; the absence of a restriction is not a basis.";
    }

    /// <summary>"Restriction: …": whether the art. 20(2) restriction bites and whether the recipient is inside the circle.</summary>
    private static string RestrictionSentence(RuleSet regime, FactValues facts, LayerResult regimeLayer)
    {
        var restricted = facts.TryGet(FactCatalogue.Confidential, out var c) && c == "true"
            && facts.TryGet(FactCatalogue.ProviderTraceable, out var p) && p == "true";
        if (!restricted)
        {
            return "Restriction: the information is not both confidential and traceable to providers, so the limited circle of Wbni art. 20(2) does not restrict it (the task still must cover it).";
        }

        var outcome = regimeLayer.Verdict is Verdict.Conditional ? Verdict.Conditional : Verdict.Permitted;
        var inside = SafetyProperties.InCircle(regime.Id, facts, outcome);
        var circle = string.Equals(regime.Id, "wbni", StringComparison.Ordinal)
            ? "the limited circle of Wbni art. 20(2)"
            : $"the limited circle (under the {regime.Title} as Grondslag reads it, after Wbni art. 20(2))";
        return inside
            ? $"Restriction: the information is confidential and traceable to providers, so only {circle} may receive it; this recipient is inside that circle."
            : $"Restriction: the information is confidential and traceable to providers, so only {circle} may receive it; this recipient is outside that circle (or its place in it cannot be established).";
    }

    /// <summary>"Originator: …": the originator's label and purpose, and which of its conditions decided.</summary>
    private static string OriginatorSentence(AssessmentRequest request, IEnumerable<LayerResult> originatorLayers)
    {
        var o = request.Originator;
        var what = $"{o.Tlp.ToLabel()}, purpose {(o.Purpose == PurposeRestriction.InformVictims ? "\"inform victims\"" : "not restricted")}{(o.ThirdPartyRule ? ", third-party rule" : "")}{(o.OriginatorConsent ? ", consent recorded" : "")}";
        var rules = originatorLayers.SelectMany(l => l.Remaining).ToList();
        return rules.Count == 0
            ? $"Originator: {what}; none of its conditions stands in the way of this recipient."
            : $"Originator: {what}; its conditions that apply: {string.Join(", ", rules.Select(r => $"{r.Title} ({r.Id})"))}.";
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
                            result.Add(new Alternative(kind,
                                $"Share only aggregate figures: counts per country (for example the number of affected addresses in each country), never per network (AS number) or per organisation, which name the provider and are traceable to it ({a.Verdict.ToWire()}{(a.Verdict == Verdict.AdviceRequired ? ": the advisers decide" : "")}; {string.Join("; ", a.Basis.Select(c => c.Short))}). The originator's {request.Originator.Tlp.ToLabel()} still applies.",
                                a.Verdict, a.Basis, null));
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
                            result.Add(new Alternative(kind,
                                $"Give the information to {route.Name} ({a.Verdict.ToWire()} under {string.Join("; ", a.Basis.Select(c => c.Short))}). {route.Description} ({route.OnwardBasis.Short})",
                                a.Verdict, [.. a.Basis, route.OnwardBasis], null));
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
                        var conditions = a.Conditions.IsEmpty ? "" : $" Conditions: {string.Join("; ", a.Conditions.Select(c => c.Description))}.";
                        var when = period is { } p && p.Contains(request.Date)
                            ? $"The {other.Title} is in force on {Day(request.Date)}; under it this share would be {a.Verdict.ToWire()}"
                            : from is { } start && start > request.Date
                                ? $"From {Day(start)} the {other.Title} applies; under it this share would be {a.Verdict.ToWire()}"
                                : from is null
                                    ? $"The {other.Title} has no fixed date of entry into force yet; under it (what-if) this share would be {a.Verdict.ToWire()}"
                                    : $"Under the {other.Title} (not in force on {Day(request.Date)}) this share would be {a.Verdict.ToWire()}";
                        result.Add(new Alternative(kind,
                            $"{when} ({string.Join("; ", a.DeterminingRules.Select(r => r.Id))}).{conditions}",
                            a.Verdict, a.Basis, from, other.Title));
                    }

                    break;

                case AlternativeKind.SeekAdvice:
                    result.Add(new Alternative(kind,
                        "Ask the legal and administrative advisers of NCSC and NCTV: when serious, exceptional cyber risks are at stake they advise on what else may be done. Record their advice and the decision with its motivation.",
                        Verdict.AdviceRequired, [], null));
                    break;
            }
        }

        return result.ToImmutable();
    }

    private string Explain(
        AssessmentRequest request,
        RuleSet regime,
        bool whatIf,
        Verdict verdict,
        IEnumerable<LayerResult> layers,
        ImmutableArray<ConditionStatus> conditions,
        ImmutableArray<Alternative> alternatives)
    {
        var text = new StringBuilder();
        var recipient = request.Recipient;
        text.Append(CultureInfo.InvariantCulture,
            $"Sharing {InformationClasses.Describe(request.Classes)} with {recipient.Name} ({Kind(recipient)}, {recipient.Country}) on {Day(request.Date)} is {verdict.ToWire().ToUpperInvariant()} under the {regime.Title}");
        text.Append(whatIf ? " (what-if: that regime is not in force on that date)." : ".");
        foreach (var rule in layers.SelectMany(l => l.Remaining))
        {
            var label = rule.Outcome == Verdict.Prohibited ? CitationLabels.DeterminingProvision : CitationLabels.Basis;
            text.Append(' ').Append(Fill(rule.Explanation, request, regime)).Append(CultureInfo.InvariantCulture, $" [{rule.Id}, {label}: {string.Join("; ", rule.Citations.Select(c => c.Short))}]");
        }

        var open = conditions.Where(c => !c.Met).ToList();
        if (open.Count > 0)
        {
            text.Append(" Before release, confirm with a reference: ").Append(string.Join("; ", open.Select(c => c.Description))).Append('.');
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
        }

        return text.ToString();
    }

    private static string Fill(string template, AssessmentRequest request, RuleSet regime) =>
        template
            .Replace("{recipient}", request.Recipient.Name, StringComparison.Ordinal)
            .Replace("{kind}", Kind(request.Recipient), StringComparison.Ordinal)
            .Replace("{country}", request.Recipient.Country?.Value ?? "?", StringComparison.Ordinal)
            .Replace("{date}", Day(request.Date), StringComparison.Ordinal)
            .Replace("{regime}", regime.Title, StringComparison.Ordinal)
            .Trim();

    private static string Kind(RecipientProfile recipient) =>
        recipient.Kind is { } k ? Parties.RecipientKinds.ToWire(k) : recipient.UnrecognisedKind ?? "unknown kind";

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

    private Assessment Fail(AssessmentRequest request, RuleSet? regime, string reason, ImmutableArray<TraceLine> trace = default)
    {
        var explanation =
            $"Grondslag could not establish a basis for sharing with {request.Recipient.Name} on {Day(request.Date)}: {reason} It fails closed: nothing may be released until this is resolved or the advisers have advised and a decision is recorded.";
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
            regime?.Title ?? "no regime",
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
            [new Alternative(AlternativeKind.SeekAdvice, "Ask the legal and administrative advisers of NCSC and NCTV, and correct the input or the rule set.", Verdict.AdviceRequired, [], null)],
            reason);
    }
}
