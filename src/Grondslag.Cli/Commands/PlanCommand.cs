using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grondslag.Application.Assessing;
using Grondslag.Application.Planning;
using Grondslag.Attribution.Data;
using Grondslag.Attribution.Parties;
using Grondslag.Attribution.Tables;
using Grondslag.Cli.Diagnostics;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Law;
using Grondslag.Domain.Text;
using Grondslag.Domain.Parties;
using Spectre.Console;

namespace Grondslag.Cli.Commands;

/// <summary><c>grondslag plan</c>: split an indicator list per recipient and assess each share.</summary>
internal static class PlanCommand
{

    public static Command Create(TimeProvider clock)
    {
        var indicators = new Option<string>("--indicators") { Description = "Indicator list: one address per line, or CSV with --column.", Required = true };
        var column = new Option<string?>("--column") { Description = "Read a CSV file and take the addresses from this column (by header name)." };
        var parties = new Option<string?>("--parties") { Description = "Party registry YAML (default: parties/default.yaml beside the executable)." };
        var date = new Option<string?>("--date") { Description = "Date of the disclosure, YYYY-MM-DD (default: today in the Netherlands)." };
        var regime = new Option<string?>("--regime") { Description = "Assess under this regime instead of the one in force (what-if): wbni or cbw." };
        var classes = new Option<string?>("--classes") { Description = "Information classes (default: provider-traceable,confidential,personal-data-possible)." };
        var tlp = new Option<string?>("--tlp") { Description = "Originator's TLP 2.0 label (default amber)." };
        var purpose = new Option<string?>("--purpose") { Description = "Originator's purpose restriction: inform-victims (default) or none." };
        var thirdParty = new Option<bool>("--third-party-rule") { Description = "The originator forbids onward passing without its consent." };
        var json = new Option<bool>("--json") { Description = "Print the plan as JSON." };
        var dataDir = DataCommands.DataDirOption();
        var noInstall = new Option<bool>("--no-install") { Description = "Fail instead of installing the pinned address data when it is missing." };

        var command = new Command("plan", "Attribute an indicator list, split it per recipient, and decide per recipient whether its share may be sent — with the article and why.")
        {
            indicators, column, parties, date, regime, classes, tlp, purpose, thirdParty, json, dataDir, noInstall,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            Timings.Mark("command parsed");
            // The address tables are mapped and checked on the other core while the rule book, the list and the registry
            // are read: the largest part of a short plan's start-up (docs/benchmarks.md, "CLI start-up, third pass").
            var tablesInBackground = StartLoadingInstalledTables(parse.GetValue(dataDir));
            var dutch = GlobalOptions.Dutch(parse, out var languageProblem);
            if (languageProblem is not null)
            {
                Console.Error.WriteLine(languageProblem);
                return GlobalOptions.ExitBadInput;
            }

            var book = GlobalOptions.LoadRuleBook(parse, Console.Error);
            if (book is null)
            {
                return GlobalOptions.ExitInvalidRules;
            }

            Timings.Mark("rule book loaded");
            PlanRequest request;
            PartyRegistry registry;
            try
            {
                var path = parse.GetValue(indicators)!;
                if (!File.Exists(path))
                {
                    throw new InputException($"--indicators: '{path}' does not exist; give the path of an indicator list (one address per line).");
                }

                var interactive = !Console.IsErrorRedirected && !parse.GetValue(json);
                var list = ParseWithProgress(path, parse.GetValue(column), interactive);
                Timings.Mark("indicators read");
                registry = PartyRegistryLoader.LoadFile(parse.GetValue(parties) ?? PartyRegistryLoader.DefaultPath);
                request = new PlanRequest(
                    list,
                    AssessmentInput.ParseDate(parse.GetValue(date), "--date", clock),
                    AssessmentInput.ParseRegime(parse.GetValue(regime), book),
                    AssessmentInput.ParseClasses(parse.GetValue(classes)),
                    new OriginatorConditions(AssessmentInput.ParseTlp(parse.GetValue(tlp)), AssessmentInput.ParsePurpose(parse.GetValue(purpose)), parse.GetValue(thirdParty), false));
                Timings.Mark("party registry loaded");
            }
            catch (Exception ex) when (ex is InputException or IndicatorListException or PartyRegistryException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine(ex.Message);
                return GlobalOptions.ExitBadInput;
            }

            AddressTables tables;
            try
            {
                tables = tablesInBackground is not null
                    ? await tablesInBackground.ConfigureAwait(false)
                    : await LoadTablesAsync(DataDirectory.Resolve(parse.GetValue(dataDir)), !parse.GetValue(noInstall), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DataInstallException or AddressDataException or IOException or HttpRequestException)
            {
                Console.Error.WriteLine($"The address data is not available: {ex.Message}");
                Console.Error.WriteLine("Run 'grondslag data install' (it needs the npm registry), or pass --data-dir.");
                return GlobalOptions.ExitFailed;
            }

            Timings.Mark("address tables loaded");
            var plan = PlanSharing.Plan(request, tables, registry, new LegalEvaluator(book));
            Timings.Mark("planned");
            if (parse.GetValue(json))
            {
                await using var stdout = Console.OpenStandardOutput();
                await using var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true, Encoder = GlobalOptions.Json.Encoder });
                var planJson = PlanJson.ToJson(plan);
                planJson["keyWarnings"] = KeyWarningsJson(KeyWarnings(plan, clock.GetUtcNow()));
                planJson.WriteTo(writer);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Render(GlobalOptions.Console(Console.Out), plan, dutch, clock.GetUtcNow());
            }

            Timings.Mark("written");
            return GlobalOptions.ExitOk;
        });
        return command;
    }

    /// <summary>
    /// Starts loading the address tables on the thread pool when the pinned data is installed; null when it is not, so
    /// that a first-use install (which prints and downloads) still happens in order, after the input was checked. A
    /// failure surfaces where the task is awaited, in the same place and with the same message as a load in line.
    /// </summary>
    internal static Task<AddressTables>? StartLoadingInstalledTables(string? dataDir)
    {
        var directory = DataDirectory.Resolve(dataDir);
        return DatasetPackage.Required.All(p => DataManifest.TryRead(DataDirectory.PackageDirectory(directory, p)) is not null)
            ? Task.Run(() => AddressTables.Load(directory))
            : null;
    }

    /// <summary>Loads the address tables, installing the pinned datasets first when they are missing.</summary>
    internal static async Task<AddressTables> LoadTablesAsync(string directory, bool install, CancellationToken cancellationToken)
    {
        // Only whether each package is installed (its manifest): the files' hashes are checked when the mapped table file
        // is built from them, and that file records which manifests it was built from, so an unchanged installation is
        // not re-hashed on every run (AddressTables.Load).
        var missing = DatasetPackage.Required.Where(p => DataManifest.TryRead(DataDirectory.PackageDirectory(directory, p)) is null).ToList();
        Timings.Mark("data verified");
        if (missing.Count > 0)
        {
            if (!install)
            {
                throw new DataInstallException($"{string.Join(", ", missing.Select(m => m.Name))} not installed in {directory}.");
            }

            Console.Error.WriteLine($"Installing the pinned address data into {directory} (first use)…");
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
            await new DataInstaller(http, TimeProvider.System).InstallAsync(directory, DatasetPackage.Required, m => Console.Error.WriteLine(m), cancellationToken).ConfigureAwait(false);
        }

        return AddressTables.Load(directory);
    }

    private static IndicatorList ParseWithProgress(string path, string? column, bool interactive)
    {
        var size = new FileInfo(path).Length;
        IndicatorList Parse(Action<long>? progress) =>
            IndicatorListParser.ParseFile(path, new IndicatorListOptions { CsvColumn = column, MaxReportedLines = 10_000, Progress = progress });

        if (!interactive || size < 8 << 20)
        {
            return Parse(null);
        }

        IndicatorList? result = null;
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }).Progress().Start(ctx =>
        {
            var task = ctx.AddTask("Reading indicators", maxValue: Math.Max(1, size / 16));
            result = Parse(lines => task.Value = Math.Min(task.MaxValue, lines));
            task.Value = task.MaxValue;
        });
        return result!;
    }

    /// <summary>
    /// Loud, before anyone approves: every recipient that may receive a share but whose e-mail channel has a placeholder
    /// key (or, with a keyring configured through Grondslag__Delivery__Keyring__Directory, a missing, revoked, expired or
    /// soon-expiring key). Mail to it cannot go out; TAXII can.
    /// </summary>
    private static void RenderKeyWarnings(IAnsiConsole console, SharingPlan plan, bool dutch, DateTimeOffset now)
    {
        var warnings = KeyWarnings(plan, now);
        if (warnings.Count == 0)
        {
            return;
        }

        console.MarkupLine(dutch
            ? $"[bold red]LET OP: {warnings.Count} ontvanger(s) zonder bruikbare OpenPGP-sleutel[/] — mail aan hen gaat niet uit (TAXII wel); los dit op vóór goedkeuring:"
            : $"[bold red]WARNING: {warnings.Count} recipient(s) without a usable OpenPGP key[/] — mail to them will not go out (TAXII will); fix this before approving:");
        foreach (var w in warnings)
        {
            console.MarkupLine($"  [red]![/] {Markup.Escape(dutch ? w.Text.Nl : w.Text.En)}");
        }
    }

    /// <summary>The key warnings of the plan's recipients that may receive a share (text and JSON output give the same).</summary>
    private static List<RecipientKeyWarning> KeyWarnings(SharingPlan plan, DateTimeOffset now)
    {
        var keyring = Environment.GetEnvironmentVariable("Grondslag__Delivery__Keyring__Directory") is { Length: > 0 } directory ? directory : null;
        return [.. plan.Recipients.Where(r => r.Assessment.Verdict != Verdict.Prohibited)
            .SelectMany(r => RecipientKeys.Check(r.Party, f => keyring is null ? null : Grondslag.Delivery.Email.PublicKeyFiles.Find(keyring, f), now))
            .Where(w => keyring is not null || w.Problem != RecipientKeyProblem.NotInKeyring)];
    }

    /// <summary>The warnings in the API's shape (<c>keyWarnings</c> of a share): code, party, fingerprint, expiry, whether mail is blocked, both texts.</summary>
    private static JsonArray KeyWarningsJson(IEnumerable<RecipientKeyWarning> warnings) =>
        [.. warnings.Select(w => (JsonNode)new JsonObject
        {
            ["code"] = w.Code,
            ["party"] = w.PartyId,
            ["fingerprint"] = w.Fingerprint,
            ["expires"] = w.Expires?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["blocksMail"] = w.BlocksMail,
            ["message"] = w.Text.En,
            ["messageNl"] = w.Text.Nl,
        })];

    private static void Render(IAnsiConsole console, SharingPlan plan, bool dutch, DateTimeOffset now)
    {
        string T(string en, string nl) => dutch ? nl : en;
        var input = plan.Request.Indicators;
        var dataset = plan.Dataset;
        console.MarkupLine($"[bold]{T("Sharing plan", "Verstrekkingsplan")}[/] {T("for", "voor")} {Markup.Escape(input.Source)} {T("on", "op")} {plan.Request.Date:yyyy-MM-dd}");
        console.MarkupLine(dutch
            ? $"Invoer: {input.Lines} regels, [bold]{input.Accepted}[/] unieke toewijsbare adressen, {input.Duplicates} dubbel, {input.NotAttributableCount} niet toewijsbaar, {input.Ranges.Length} reeksen, {input.RejectedCount} geweigerd"
            : $"Input: {input.Lines} lines, [bold]{input.Accepted}[/] unique attributable addresses, {input.Duplicates} duplicates, {input.NotAttributableCount} not attributable, {input.Ranges.Length} ranges, {input.RejectedCount} rejected");
        foreach (var rejected in input.Rejected.Take(10))
        {
            console.MarkupLine($"  [yellow]{T("line", "regel")} {rejected.Line}[/]: {Markup.Escape(rejected.Text)} — {Markup.Escape(dutch ? rejected.Rejection.Text.Nl : rejected.Reason)}");
        }

        if (input.RejectedCount > 10)
        {
            console.MarkupLine(T($"  … and {input.RejectedCount - 10} more rejected lines (see --json)", $"  … en nog {input.RejectedCount - 10} geweigerde regels (zie --json)"));
        }

        console.MarkupLine($"{T("Data", "Gegevens")}: {Markup.Escape(dataset.Name)} {Markup.Escape(dataset.Version)} [grey]sha256:{dataset.Sha256}[/]");
        console.MarkupLine($"{T("Rules", "Regels")}: [grey]sha256:{plan.Book.Sha256}[/]   {T("Parties", "Partijen")}: {Markup.Escape(plan.Partition.Registry.Source)}");
        var table = dutch
            ? new Table().AddColumns("Ontvanger", "Soort", "Land", "Indicatoren", "Oordeel", "Grondslag")
            : new Table().AddColumns("Recipient", "Kind", "Country", "Indicators", "Verdict", "Basis");
        foreach (var r in plan.Recipients)
        {
            table.AddRow(
                Markup.Escape(r.Party.Name),
                Markup.Escape(dutch ? Labels.Of(r.Party.Kind).Nl : r.Party.Kind.ToWire()),
                Markup.Escape(r.Party.Country.Value),
                r.Share.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"[{GlobalOptions.Colour(r.Assessment.Verdict)}]{Markup.Escape(dutch ? Labels.Of(r.Assessment.Verdict).Nl.ToLowerInvariant() : r.Assessment.Verdict.ToWire())}[/]",
                Markup.Escape(string.Join("; ", r.Assessment.Basis.Select(c => c.Short))));
        }

        console.Write(table);
        RenderKeyWarnings(console, plan, dutch, now);
        var noRecipient = plan.NoRecipientYet.Sum(n => n.Count);
        console.MarkupLine(dutch
            ? $"Nog geen ontvanger: [bold]{noRecipient}[/] {(noRecipient == 1 ? "adres" : "adressen")} (geen partij in het register omvat ze; er wordt niets verstrekt)"
            : $"No recipient yet: [bold]{noRecipient}[/] {(noRecipient == 1 ? "address" : "addresses")} (no party in the registry covers them; nothing is shared)");
        foreach (var n in plan.NoRecipientYet)
        {
            console.MarkupLine($"  {n.Country.Value}: {n.Count} — {Markup.Escape(dutch ? n.ReasonNl ?? n.Reason : n.Reason)}");
        }

        foreach (var n in plan.NotAttributable)
        {
            console.MarkupLine($"{T("Not attributable to a country", "Niet aan een land toe te wijzen")}{(n.Code is { } code ? $" ({code.Value})" : "")}: {n.Count} — {Markup.Escape(n.Reason)}");
        }

        console.MarkupLine(dutch
            ? $"Zonder rechtmatige ontvanger: [bold]{plan.WithoutLawfulRecipient}[/] {(plan.WithoutLawfulRecipient == 1 ? "adres" : "adressen")}"
            : $"Without a lawful recipient: [bold]{plan.WithoutLawfulRecipient}[/] {(plan.WithoutLawfulRecipient == 1 ? "address" : "addresses")}");
        foreach (var u in plan.Unserved)
        {
            var alternatives = u.Alternatives.IsDefaultOrEmpty
                ? ""
                : dutch
                    ? $"; alternatieven: {string.Join(", ", u.Alternatives.Select(a => Labels.Of(a.Kind).Nl.ToLowerInvariant()))}"
                    : $"; alternatives: {string.Join(", ", u.Alternatives.Select(a => a.Kind.ToWire()))}";
            console.MarkupLine($"  {u.Country.Value}: {u.Count} — {Markup.Escape(dutch ? u.ReasonNl ?? u.Reason : u.Reason)}{Markup.Escape(alternatives)}");
        }

        if (plan.UnservedUnknownCountry > 0)
        {
            console.MarkupLine(T($"  no country (unknown or a pseudo-code such as EU): {plan.UnservedUnknownCountry}", $"  geen land (onbekend of een pseudocode zoals EU): {plan.UnservedUnknownCountry}"));
        }

        console.MarkupLine(T("[grey]The alternatives are described in full by 'grondslag assess' and in --json.[/]", "[grey]De alternatieven staan volledig in 'grondslag assess --lang nl' en in --json.[/]"));
        console.MarkupLine(T("[grey]Address data: ip-location-db (CC0; ASN data CC BY 4.0: RouteViews, DB-IP, NRO).[/]", "[grey]Adresgegevens: ip-location-db (CC0; ASN-gegevens CC BY 4.0: RouteViews, DB-IP, NRO).[/]"));
    }
}
