using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Text;
using Grondslag.Domain.Time;

namespace Grondslag.Rules;

/// <summary>
/// Loads the rule book from a rules directory (regimes.yaml and the files it names), validates every file
/// against its schema and every rule against the fact catalogue, and proves there is no unresolved conflict.
/// Either the whole book is valid, or a <see cref="RuleBookException"/> lists every problem: nothing starts on
/// an invalid rule set.
/// </summary>
public static class RuleBookLoader
{
    public const string IndexFile = "regimes.yaml";

    /// <summary>Environment variable that sets the Cbw's entry into force (YYYY-MM-DD) without editing the rules.</summary>
    public const string CbwEntryIntoForceVariable = "GRONDSLAG_CBW_ENTRY_INTO_FORCE";

    /// <summary>Environment variable that sets bill 36 084's entry into force (YYYY-MM-DD) without editing the rules.</summary>
    public const string Wbni36084EntryIntoForceVariable = "GRONDSLAG_WBNI_36084_ENTRY_INTO_FORCE";

    /// <summary>
    /// Loads, validates and proves the rule book. Configured dates (the Cbw's, bill 36 084's) override
    /// regimes.yaml and are folded into the version hash.
    /// </summary>
    public static RuleBook Load(string directory, DateOnly? cbwEntryIntoForce = null, DateOnly? wbni36084EntryIntoForce = null) =>
        Load(directory, cbwEntryIntoForce, wbni36084EntryIntoForce, cache: null);

    /// <summary>
    /// Loads the rule book, skipping the schema validation and the safety proofs when <paramref name="cache"/> records
    /// that exactly these bytes (every file under <paramref name="directory"/>, with the schemas and this loader's
    /// build) were validated before; anything else is validated in full, and recorded once it passes. The files are
    /// read once, hashed, and parsed from those same bytes, so a file changed in between is never taken as validated.
    /// </summary>
    public static RuleBook Load(string directory, DateOnly? cbwEntryIntoForce, DateOnly? wbni36084EntryIntoForce, RuleBookCache? cache)
    {
        RuleBook book;
        if (cache is null || !Directory.Exists(directory))
        {
            book = new LoadContext(directory, snapshot: null, cachedProofs: null).Load();
        }
        else
        {
            var snapshot = RuleBookCache.Snapshot(directory);
            var key = RuleBookCache.KeyOf(snapshot);
            var proofs = cache.Validated(key);
            var context = new LoadContext(directory, snapshot, proofs);
            try
            {
                book = context.Load();
            }
            catch (NotInSnapshotException)
            {
                // A rule file outside the folder was named: not covered by the key, so validated in full after all.
                context = new LoadContext(directory, snapshot: null, cachedProofs: null);
                book = context.Load();
                proofs = ImmutableArray<string>.Empty;
            }

            if (proofs is null && !context.ReadOutsideSnapshot && RuleBookCache.KeyOf(RuleBookCache.Snapshot(directory)) == key)
            {
                // Recorded only when the folder still holds the bytes that were validated (scenarios are read from disk).
                cache.Record(key, book.Proofs);
            }
        }

        if (cbwEntryIntoForce is { } date)
        {
            book = book.WithEntryIntoForce("cbw", date, "configuration");
        }

        if (wbni36084EntryIntoForce is { } amended)
        {
            book = book.WithBill36084(amended, "configuration");
        }

        return book;
    }

    /// <summary>Parses a configured date such as the value of <see cref="CbwEntryIntoForceVariable"/>.</summary>
    public static DateOnly? ParseConfiguredDate(string? text, string name) =>
        string.IsNullOrWhiteSpace(text)
            ? null
            : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : throw new RuleBookException([new RuleFileError(name, null, null, name, $"'{text}' is not a date; use YYYY-MM-DD")]);

    internal static bool TryDate(JsonNode? node, out DateOnly? date)
    {
        date = null;
        if (node is null)
        {
            return true;
        }

        if (node.GetValueKind() == System.Text.Json.JsonValueKind.String &&
            DateOnly.TryParseExact(node.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            date = d;
            return true;
        }

        return false;
    }

    /// <summary>A file the cache key does not cover was named while loading without validation.</summary>
    private sealed class NotInSnapshotException : Exception;

    private sealed class LoadContext(string directory, IReadOnlyDictionary<string, byte[]>? snapshot, ImmutableArray<string>? cachedProofs)
    {
        /// <summary>True when a file was read from disk rather than from the hashed snapshot.</summary>
        public bool ReadOutsideSnapshot { get; private set; }

        private readonly List<RuleFileError> _errors = [];
        private readonly SortedDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
        private readonly Dictionary<string, YamlDocument> _documents = new(StringComparer.Ordinal);

        public RuleBook Load()
        {
            if (!Directory.Exists(directory))
            {
                throw new RuleBookException([new RuleFileError(directory, null, null, "(directory)", "the rules directory does not exist; pass the folder that holds regimes.yaml")]);
            }

            var index = Read(IndexFile, "regimes");
            if (index is null)
            {
                throw new RuleBookException([.. _errors]);
            }

            var root = index.Root!;
            var regimes = ImmutableArray.CreateBuilder<RuleSet>();
            var calendar = ImmutableArray.CreateBuilder<RegimePeriod>();
            var regimeNodes = root["regimes"]!.AsArray();
            for (var i = 0; i < regimeNodes.Count; i++)
            {
                var node = regimeNodes[i]!;
                var id = node["id"]!.GetValue<string>();
                var file = node["file"]!.GetValue<string>();
                if (!TryDate(node["entryIntoForce"], out var entry))
                {
                    Error(index, $"/regimes/{i}/entryIntoForce", id, $"'{node["entryIntoForce"]}' is not a calendar day; use YYYY-MM-DD or null");
                }

                var succeeds = node["succeeds"]?.GetValue<string>();
                calendar.Add(new RegimePeriod(id, entry, succeeds, node["source"]!.GetValue<string>()));
                var set = ReadRuleSet(file, RuleSetRole.Regime);
                if (set is not null)
                {
                    if (set.Id != id)
                    {
                        Error(index, $"/regimes/{i}/id", id, $"regimes.yaml calls this regime '{id}' but {file} says id '{set.Id}'; make them the same");
                    }

                    regimes.Add(set);
                }
            }

            foreach (var period in calendar.Where(p => p.Succeeds is not null))
            {
                if (!calendar.Any(p => p.RegimeId == period.Succeeds))
                {
                    Error(index, "/regimes", period.RegimeId, $"succeeds '{period.Succeeds}', which is not a regime listed here");
                }
            }

            var overlays = ImmutableArray.CreateBuilder<RuleSet>();
            foreach (var file in root["overlays"]!.AsArray().Select(n => n!.GetValue<string>()))
            {
                if (ReadRuleSet(file, RuleSetRole.Overlay) is { } overlay)
                {
                    overlays.Add(overlay);
                }
            }

            var countries = ReadCountries(root["countryFacts"]!.GetValue<string>());
            var authorised = ReadAuthorisedParty(index);
            var bill36084 = ReadBill36084(index);

            var all = regimes.Concat(overlays).SelectMany(s => s.Rules.Select(r => (Set: s, Rule: r)));
            foreach (var duplicate in all.GroupBy(x => x.Rule.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                _errors.Add(new RuleFileError(string.Join(", ", duplicate.Select(d => d.Set.SourceFile)), null, duplicate.Key, "id",
                    "the same rule id is used more than once; every rule id must be unique across the rule book"));
            }

            // Validated before (same bytes, schemas and loader): the proofs hold for these very files.
            var proofs = cachedProofs ?? ProveSafety(regimes.ToImmutable());
            if (_errors.Count > 0 || countries is null || authorised is null || bill36084 is null)
            {
                throw new RuleBookException([.. _errors]);
            }

            try
            {
                return new RuleBook(regimes.ToImmutable(), overlays.ToImmutable(), calendar.ToImmutable(), countries, authorised, Hash())
                {
                    Bill36084 = bill36084,
                    Proofs = proofs,
                };
            }
            catch (ArgumentException ex)
            {
                throw new RuleBookException([new RuleFileError(IndexFile, null, null, "regimes", ex.Message)]);
            }
        }

        /// <summary>
        /// The safety properties (SafetyProperties): (a) the art. 20(2) circle, proved exhaustively per regime;
        /// (b) a task behind every permission; (c) scenarios exist. Each violation names file, line, rule and field.
        /// </summary>
        private ImmutableArray<string> ProveSafety(ImmutableArray<RuleSet> regimes)
        {
            var proofs = ImmutableArray.CreateBuilder<string>();
            var combinations = 0;
            foreach (var regime in regimes)
            {
                var doc = _documents.GetValueOrDefault(regime.SourceFile);
                int? LineOf(Rule rule, string field) =>
                    doc?.LineOf($"/rules/{regime.Rules.IndexOf(rule)}/{field}");
                foreach (var violation in SafetyProperties.TaskViolations(regime))
                {
                    _errors.Add(new RuleFileError(regime.SourceFile, LineOf(violation.Rule, violation.Field), violation.Rule.Id, violation.Field, violation.Message));
                }

                var (violations, examined) = SafetyProperties.ProveCircle(regime);
                combinations += examined;
                foreach (var violation in violations)
                {
                    _errors.Add(new RuleFileError(regime.SourceFile, LineOf(violation.Rule, violation.Field), violation.Rule.Id, violation.Field, violation.Message));
                }
            }

            proofs.Add($"(a) no permitted or conditional verdict for confidential, provider-traceable information outside the art. 20(2) circle, for every recipient kind, on every day, with bill 36 084 in force or not: proved over {combinations} fact combinations of {string.Join(", ", regimes.Select(r => r.Id))}");
            proofs.Add($"(b) every permitting or conditional regime rule names its NCSC task ({regimes.Sum(r => r.Rules.Count(x => x.Outcome is Verdict.Permitted or Verdict.Conditional))} rules checked)");
            try
            {
                var scenarios = Scenarios.LoadAll(directory);
                if (scenarios.IsEmpty)
                {
                    _errors.Add(new RuleFileError(Scenarios.Folder + "/", null, null, "(scenarios)",
                        "the rule set has no scenarios; a rule set without scenarios is invalid. Add at least one scenarios/*.yaml file with the expected verdicts"));
                }
                else
                {
                    proofs.Add($"(c) the rule set comes with scenarios ({scenarios.Length} in {scenarios.Select(x => x.File).Distinct(StringComparer.Ordinal).Count()} files)");
                }
            }
            catch (RuleBookException ex)
            {
                _errors.AddRange(ex.Errors);
            }

            return proofs.ToImmutable();
        }

        private AmendmentPeriod? ReadBill36084(YamlDocument index)
        {
            if (index.Root!["wbni36084"] is not { } node)
            {
                return new AmendmentPeriod(AmendmentPeriod.Wbni36084, null, null, "not configured in regimes.yaml");
            }

            if (!TryDate(node["entryIntoForce"], out var entry))
            {
                Error(index, "/wbni36084/entryIntoForce", null, $"'{node["entryIntoForce"]}' is not a calendar day; use YYYY-MM-DD or null");
                return null;
            }

            if (!TryDate(node["notBefore"], out var notBefore))
            {
                Error(index, "/wbni36084/notBefore", null, $"'{node["notBefore"]}' is not a calendar day; use YYYY-MM-DD");
                return null;
            }

            return new AmendmentPeriod(AmendmentPeriod.Wbni36084, entry, notBefore, node["source"]!.GetValue<string>());
        }

        private string Hash()
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var (name, bytes) in _files)
            {
                sha.AppendData(Encoding.UTF8.GetBytes($"{name}\n{bytes.Length}\n"));
                sha.AppendData(bytes);
            }

            return Convert.ToHexStringLower(sha.GetHashAndReset());
        }

        private YamlDocument? Read(string relative, string schema)
        {
            var path = Path.Combine(directory, relative);
            if (snapshot is null || !snapshot.TryGetValue(RuleBookCache.RelativeKey(directory, path), out var bytes))
            {
                if (!File.Exists(path))
                {
                    _errors.Add(new RuleFileError(relative, null, null, "(file)", $"the file is missing from {directory}"));
                    return null;
                }

                if (cachedProofs is not null)
                {
                    throw new NotInSnapshotException();
                }

                ReadOutsideSnapshot |= snapshot is not null;
                bytes = File.ReadAllBytes(path);
            }

            _files[relative.Replace('\\', '/')] = bytes;
            try
            {
                var doc = YamlDocument.Parse(relative, Encoding.UTF8.GetString(bytes));
                var problems = cachedProofs is null ? SchemaValidator.Validate(doc, schema).ToList() : [];
                _errors.AddRange(problems);
                _documents[relative] = doc;
                return problems.Count == 0 ? doc : null;
            }
            catch (RuleBookException ex)
            {
                _errors.AddRange(ex.Errors);
                return null;
            }
        }

        private void Error(YamlDocument doc, string pointer, string? ruleId, string message) =>
            _errors.Add(new RuleFileError(doc.File, doc.LineOf(pointer), ruleId, SchemaValidator.FieldName(pointer), message));

        private RuleSet? ReadRuleSet(string relative, RuleSetRole expectedRole)
        {
            var doc = Read(relative, "ruleset");
            if (doc is null)
            {
                return null;
            }

            var root = doc.Root!;
            var role = root["role"]!.GetValue<string>() == "regime" ? RuleSetRole.Regime : RuleSetRole.Overlay;
            if (role != expectedRole)
            {
                Error(doc, "/role", null, $"regimes.yaml lists this file as {(expectedRole == RuleSetRole.Regime ? "a regime" : "an overlay")}, but it says role '{root["role"]}'");
            }

            var before = _errors.Count;
            var rules = ImmutableArray.CreateBuilder<Rule>();
            var nodes = root["rules"]!.AsArray();
            for (var i = 0; i < nodes.Count; i++)
            {
                if (ReadRule(doc, nodes[i]!, $"/rules/{i}") is { } rule)
                {
                    rules.Add(rule);
                }
            }

            if (_errors.Count > before)
            {
                return null;
            }

            var set = new RuleSet(root["id"]!.GetValue<string>(), LocalTextOf(root["title"]!), role, relative, rules.ToImmutable());
            CheckSet(doc, set);
            return _errors.Count > before ? null : set;
        }

        private void CheckSet(YamlDocument doc, RuleSet set)
        {
            int? LineOfRule(string id) => doc.LineOf($"/rules/{set.Rules.IndexOf(set.Find(id)!)}");
            foreach (var duplicate in set.Rules.GroupBy(r => r.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                _errors.Add(new RuleFileError(doc.File, LineOfRule(duplicate.Key), duplicate.Key, "id", "two rules have this id; rename one"));
            }

            foreach (var (rule, missing) in RuleSetChecks.DanglingOverrides(set))
            {
                _errors.Add(new RuleFileError(doc.File, LineOfRule(rule.Id), rule.Id, "overrides", $"names '{missing}', which is not a rule in {doc.File}"));
            }

            if (RuleSetChecks.OverrideCycle(set) is { } cyclic)
            {
                _errors.Add(new RuleFileError(doc.File, LineOfRule(cyclic.Id), cyclic.Id, "overrides", "the overrides form a cycle back to this rule; an exception cannot be an exception to itself"));
            }

            foreach (var conflict in RuleSetChecks.Conflicts(set))
            {
                var example = string.Join(", ", conflict.Example.Values.Select(kv => $"{kv.Key} = {kv.Value}"));
                _errors.Add(new RuleFileError(doc.File, LineOfRule(conflict.Second.Id), conflict.Second.Id, "overrides",
                    $"conflicts with rule '{conflict.First.Id}': both can apply (for example when {example}) with different outcomes " +
                    $"({conflict.Second.Outcome.ToWire()} vs {conflict.First.Outcome.ToWire()}) and neither overrides the other; " +
                    $"add the one that should win an 'overrides' entry naming the other, or narrow their 'when' tests"));
            }
        }

        private Rule? ReadRule(YamlDocument doc, JsonNode node, string pointer)
        {
            var id = node["id"]!.GetValue<string>();
            var ok = true;
            void Fail(string at, string message)
            {
                Error(doc, pointer + at, id, message);
                ok = false;
            }

            var citations = ImmutableArray.CreateBuilder<Citation>();
            foreach (var c in node["citations"]!.AsArray())
            {
                citations.Add(ReadCitation(c!));
            }

            var validity = DateInterval.Always;
            if (node["valid"] is { } valid)
            {
                var fromOk = TryDate(valid["from"], out var from);
                var toOk = TryDate(valid["to"], out var to);
                if (!fromOk)
                {
                    Fail("/valid/from", $"'{valid["from"]}' is not a calendar day; use YYYY-MM-DD (e.g. 2018-11-09)");
                }

                if (!toOk)
                {
                    Fail("/valid/to", $"'{valid["to"]}' is not a calendar day; use YYYY-MM-DD, or null for open-ended");
                }

                if (fromOk && toOk)
                {
                    if (from is { } f && to is { } t && t < f)
                    {
                        Fail("/valid", $"ends ({t:yyyy-MM-dd}) before it starts ({f:yyyy-MM-dd}); both ends are inclusive");
                    }
                    else
                    {
                        validity = new DateInterval(from, to);
                    }
                }
            }

            var when = ImmutableArray.CreateBuilder<FactConstraint>();
            foreach (var (fact, test) in node["when"]!.AsObject())
            {
                if (!FactCatalogue.TryGet(fact, out var definition))
                {
                    Fail($"/when/{fact}", $"'{fact}' is not a known fact; known facts: {string.Join(", ", FactCatalogue.All.Select(f => f.Name))}");
                    continue;
                }

                var (values, negated) = test switch
                {
                    JsonObject o => (o["not"]!.AsArray().Select(Text).ToList(), true),
                    JsonArray a => (a.Select(Text).ToList(), false),
                    _ => ([Text(test)], false),
                };
                var unknown = values.Where(v => !definition.Values.Contains(v)).ToList();
                if (unknown.Count > 0)
                {
                    Fail($"/when/{fact}", $"'{string.Join("', '", unknown)}' is not a value of '{fact}'; it takes {string.Join(", ", definition.Values)}");
                    continue;
                }

                var allowed = negated ? definition.Values.Except(values).ToImmutableSortedSet(StringComparer.Ordinal) : values.ToImmutableSortedSet(StringComparer.Ordinal);
                if (allowed.IsEmpty)
                {
                    Fail($"/when/{fact}", "the test excludes every value, so the rule could never apply");
                    continue;
                }

                when.Add(new FactConstraint(fact, allowed));
            }

            _ = Verdicts.TryParse(node["outcome"]!.GetValue<string>(), out var outcome); // the schema admits only known verdicts
            var conditions = ImmutableArray.CreateBuilder<RequiredCondition>();
            if (node["conditions"] is JsonArray conditionNodes)
            {
                for (var i = 0; i < conditionNodes.Count; i++)
                {
                    var c = conditionNodes[i]!;
                    var metBy = c["metBy"]?.GetValue<string>();
                    if (metBy is not null && (!FactCatalogue.TryGet(metBy, out var f) || !f.IsBoolean))
                    {
                        Fail($"/conditions/{i}/metBy", $"'{metBy}' is not a yes/no fact; use one of: {string.Join(", ", FactCatalogue.All.Where(x => x.IsBoolean).Select(x => x.Name))}");
                    }

                    var confirmer = ConditionConfirmer.Official;
                    if (c["confirmableBy"]?.GetValue<string>() is { } by && !ConditionConfirmers.TryParse(by, out confirmer))
                    {
                        Fail($"/conditions/{i}/confirmableBy", $"'{by}' is not who may confirm a condition; use official or legal-adviser");
                    }

                    conditions.Add(new RequiredCondition(c["id"]!.GetValue<string>(), LocalTextOf(c["description"]!), metBy, confirmer));
                }
            }

            if (outcome == Verdict.Conditional && conditions.Count == 0)
            {
                Fail("/outcome", "a conditional outcome must list its conditions under 'conditions'");
            }
            else if (outcome != Verdict.Conditional && conditions.Count > 0)
            {
                Fail("/conditions", $"only a conditional outcome has conditions; this rule's outcome is {outcome.ToWire()}");
            }

            // The schema admits only the wire names, so parsing cannot fail here.
            var alternatives = (node["alternatives"]?.AsArray() ?? []).Select(a => AlternativeKinds.Parse(a!.GetValue<string>())).ToImmutableArray();
            var overrides = (node["overrides"]?.AsArray() ?? []).Select(o => o!.GetValue<string>()).ToImmutableArray();
            if (!ok)
            {
                return null;
            }

            try
            {
                return new Rule(id, LocalTextOf(node["title"]!), citations.ToImmutable(), validity, when.ToImmutable(), outcome,
                    conditions.ToImmutable(), overrides, alternatives, LocalTextOf(node["explanation"]!),
                    node["verify"]?.GetValue<bool>() ?? false, node["task"]?.GetValue<string>());
            }
            catch (ArgumentException ex)
            {
                Fail("", ex.Message);
                return null;
            }
        }

        /// <summary>A text in both languages; the schema has already required <c>en</c> and <c>nl</c>.</summary>
        private static LocalText LocalTextOf(JsonNode node) =>
            new(node["en"]!.GetValue<string>().Trim(), node["nl"]!.GetValue<string>().Trim());

        private static string Text(JsonNode? node) => node?.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.True => "true",
            System.Text.Json.JsonValueKind.False => "false",
            _ => node?.ToString() ?? "",
        };

        private static Citation ReadCitation(JsonNode c) => new(
            c["law"]!.GetValue<string>(),
            c["article"]!.GetValue<string>(),
            c["paragraph"]?.GetValue<string>(),
            c["point"]?.GetValue<string>(),
            c["source"]!.GetValue<string>(),
            c["quote"]!.GetValue<string>().Trim(),
            c["verify"]?.GetValue<bool>() ?? false);

        /// <summary>The optional <c>territories</c> list: EU territory and overseas countries with their own code (routing owns it).</summary>
        private Territories ReadTerritories(YamlDocument doc, ImmutableArray<Membership> eu)
        {
            if (doc.Root!["territories"] is not JsonArray nodes)
            {
                return Territories.None;
            }

            var list = ImmutableArray.CreateBuilder<Territory>();
            for (var i = 0; i < nodes.Count; i++)
            {
                var node = nodes[i]!;
                var pointer = $"/territories/{i}";
                var code = CountryCode.Parse(node["code"]!.GetValue<string>());
                var state = CountryCode.Parse(node["state"]!.GetValue<string>());
                var status = node["status"]!.GetValue<string>() == "eu-territory" ? TerritoryStatus.EuTerritory : TerritoryStatus.OverseasCountryOrTerritory;
                if (!TryDate(node["from"], out var from) || !TryDate(node["to"], out var to))
                {
                    Error(doc, pointer, code.Value, "'from' and 'to' must be calendar days; use YYYY-MM-DD");
                    continue;
                }

                if (from is { } f && to is { } t && t < f)
                {
                    Error(doc, pointer, code.Value, "ends before it starts; both ends are inclusive");
                    continue;
                }

                if (code == state)
                {
                    Error(doc, pointer + "/state", code.Value, $"a territory cannot belong to itself; give the state it belongs to (e.g. FR for RE)");
                    continue;
                }

                var period = new DateInterval(from, to);
                if (status == TerritoryStatus.EuTerritory && !eu.Any(m => m.Country == state && m.Period.Overlaps(period)))
                {
                    Error(doc, pointer + "/state", code.Value, $"{state} is not in the 'eu' list during {period}, so {code} cannot be its EU territory; add the membership or use status 'oct'");
                    continue;
                }

                if (list.FirstOrDefault(other => other.Code == code && other.Period.Overlaps(period)) is { } clash)
                {
                    Error(doc, pointer, code.Value, $"overlaps the earlier entry for {code} ({clash.Period}); give each period of a territory once");
                    continue;
                }

                list.Add(new Territory(code, state, status, period, node["reference"]!.GetValue<string>(), node["verify"]?.GetValue<bool>() ?? false));
            }

            return new Territories(list.ToImmutable());
        }

        private CountryFacts? ReadCountries(string relative)
        {
            var doc = Read(relative, "countries");
            if (doc is null)
            {
                return null;
            }

            var before = _errors.Count;
            ImmutableArray<Membership> Memberships(string key)
            {
                var list = ImmutableArray.CreateBuilder<Membership>();
                var nodes = doc.Root![key]!.AsArray();
                for (var i = 0; i < nodes.Count; i++)
                {
                    if (Period(nodes[i]!, $"/{key}/{i}") is { } period)
                    {
                        list.Add(new Membership(CountryCode.Parse(nodes[i]!["country"]!.GetValue<string>()), period, nodes[i]!["reference"]!.GetValue<string>()));
                    }
                }

                return list.ToImmutable();
            }

            DateInterval? Period(JsonNode node, string pointer)
            {
                if (!TryDate(node["from"], out var from))
                {
                    Error(doc, pointer + "/from", node["country"]?.ToString(), $"'{node["from"]}' is not a calendar day; use YYYY-MM-DD");
                    return null;
                }

                if (!TryDate(node["to"], out var to))
                {
                    Error(doc, pointer + "/to", node["country"]?.ToString(), $"'{node["to"]}' is not a calendar day; use YYYY-MM-DD");
                    return null;
                }

                if (from is { } f && to is { } t && t < f)
                {
                    Error(doc, pointer, node["country"]?.ToString(), "ends before it starts; both ends are inclusive");
                    return null;
                }

                return new DateInterval(from, to);
            }

            var eu = Memberships("eu");
            var eea = Memberships("eea");
            var adequacy = ImmutableArray.CreateBuilder<AdequacyDecision>();
            var adequacyNodes = doc.Root!["adequacy"]!.AsArray();
            for (var i = 0; i < adequacyNodes.Count; i++)
            {
                var node = adequacyNodes[i]!;
                var regimes = ImmutableSortedSet.CreateBuilder<DataProtectionRegime>();
                foreach (var k in node["covers"]!.AsArray())
                {
                    if (DataProtectionRegimes.TryParse(k!.GetValue<string>(), out var regime))
                    {
                        regimes.Add(regime);
                    }
                    else
                    {
                        Error(doc, $"/adequacy/{i}/covers", node["country"]?.ToString(),
                            $"'{k}' is not a legal regime of recipients; adequacy follows the recipient's data-protection law, use one of: {DataProtectionRegimes.WireList}");
                    }
                }

                if (Period(node, $"/adequacy/{i}") is { } period)
                {
                    adequacy.Add(new AdequacyDecision(CountryCode.Parse(node["country"]!.GetValue<string>()), node["decision"]!.GetValue<string>(),
                        period, regimes.ToImmutable(), node["scope"]!.GetValue<string>(), node["verify"]?.GetValue<bool>() ?? false,
                        node["certifiedOnly"]?.GetValue<bool>() ?? false));
                }
            }

            var transitions = doc.Root!["euTransition"] is null ? ImmutableArray<Membership>.Empty : Memberships("euTransition");
            var territories = ReadTerritories(doc, eu);
            return _errors.Count > before ? null : new CountryFacts(eu, eea, adequacy.ToImmutable()) { EuTransitions = transitions, Territories = territories };
        }

        private AuthorisedPartyRoute? ReadAuthorisedParty(YamlDocument index)
        {
            var node = index.Root!["authorisedParty"]!;
            if (!RecipientKinds.TryParse(node["kind"]!.GetValue<string>(), out var kind))
            {
                Error(index, "/authorisedParty/kind", null, $"'{node["kind"]}' is not a recipient kind; use one of: {RecipientKinds.WireList}");
                return null;
            }

            if (!CountryCode.TryParse(node["country"]!.GetValue<string>(), out var country))
            {
                Error(index, "/authorisedParty/country", null, $"'{node["country"]}' is not a country code; use ISO 3166-1 alpha-2 such as NL");
                return null;
            }

            return new AuthorisedPartyRoute(node["name"]!.GetValue<string>(), kind, country, ReadCitation(node["onwardBasis"]!), LocalTextOf(node["description"]!));
        }
    }
}
