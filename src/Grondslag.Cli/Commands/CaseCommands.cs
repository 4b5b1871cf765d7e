using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grondslag.Cli.Commands;

/// <summary>
/// <c>grondslag login</c> and <c>grondslag case …</c>: the workflow steps of the REST API, for scripting. The
/// CLI holds no authority of its own: the server decides, checks roles and four eyes, and audits every step.
/// </summary>
internal static partial class CaseCommands
{
    public const string ServerVariable = "GRONDSLAG_SERVER";
    public const string TokenVariable = "GRONDSLAG_TOKEN";
    public const string PasswordVariable = "GRONDSLAG_PASSWORD";

    /// <summary>A new password to set while signing in (required after a one-time password, which signs in only once).</summary>
    public const string NewPasswordVariable = "GRONDSLAG_NEW_PASSWORD";


    /// <summary>Makes the HTTP client; tests pass one bound to an in-process server.</summary>
    public delegate HttpClient ClientFactory(Uri server);

    private static Option<string?> ServerOption() => new("--server") { Description = $"Base URL of the Grondslag server (default: ${ServerVariable})." };

    private static Option<string?> TokenOption() => new("--token") { Description = $"Bearer token from 'grondslag login' (default: ${TokenVariable}, else the saved token file)." };

    public static IEnumerable<Command> Create(ClientFactory? factory = null, TextWriter? output = null, TextWriter? error = null)
    {
        factory ??= server => new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(5) };
        var context = new Context(factory, output ?? Console.Out, error ?? Console.Error);
        return [Login(context), Case(context), Admin(context)];
    }

    private sealed record Context(ClientFactory Factory, TextWriter Out, TextWriter Error);

    private static Command Login(Context context)
    {
        var server = ServerOption();
        var user = new Option<string>("--user") { Description = "Account name.", Required = true };
        var save = new Option<bool>("--save") { Description = "Save the token in ~/.config/grondslag/token (mode 0600) for later commands." };
        var command = new Command("login", $"Sign in to the server; the password is read from ${PasswordVariable} or standard input, never from the command line; ${NewPasswordVariable} replaces it while signing in (a one-time password must be replaced).") { server, user, save };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var password = Environment.GetEnvironmentVariable(PasswordVariable) ?? await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? "";
            if (ServerUri(parse.GetValue(server), context) is not { } uri)
            {
                return GlobalOptions.ExitBadInput;
            }

            using var client = context.Factory(uri);
            var newPassword = Environment.GetEnvironmentVariable(NewPasswordVariable) is { Length: > 0 } changed ? changed : null;
            using var response = await client.PostAsJsonAsync("api/auth/sign-in", new { userName = parse.GetValue(user), password, newPassword }, cancellationToken).ConfigureAwait(false);
            var body = await ReadAsync(response, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return Fail(context, response, body);
            }

            var token = body?["accessToken"]?.GetValue<string>() ?? "";
            if (parse.GetValue(save))
            {
                var path = TokenFile();
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, token, cancellationToken).ConfigureAwait(false);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                await context.Out.WriteLineAsync($"Signed in; token saved to {path}.").ConfigureAwait(false);
            }
            else
            {
                await context.Out.WriteLineAsync(token).ConfigureAwait(false);
            }

            return GlobalOptions.ExitOk;
        });
        return command;
    }

    private static Command Case(Context context)
    {
        var caseCommand = new Command("case", "Work a case through the server's API: create, import, assess (and re-assess), what-if, advice, decide, release, hand over.");
        var caseId = new Option<string>("--case") { Description = "Case id.", Required = true };
        var shareId = new Option<string>("--share") { Description = "Share id (see 'case show').", Required = true };

        caseCommand.Subcommands.Add(Call(context, "list", "List open cases.", [], _ => (HttpMethod.Get, "api/cases", null)));
        caseCommand.Subcommands.Add(Call(context, "show", "Show a case with its shares, verdicts and whom it waits for.", [caseId],
            p => (HttpMethod.Get, $"api/cases/{Esc(p.GetValue(caseId))}", null)));

        var title = new Option<string>("--title") { Required = true, Description = "Case title." };
        var source = new Option<string>("--source") { Required = true, Description = "Source of the information, e.g. MIVD." };
        var tlp = new Option<string?>("--tlp") { Description = "Originator's TLP label (default amber)." };
        var purpose = new Option<string?>("--purpose") { Description = "Purpose restriction: inform-victims or none." };
        var urgency = new Option<string?>("--urgency") { Description = "normal or urgent." };
        var deadline = new Option<string?>("--deadline") { Description = "Deadline, ISO 8601 with offset." };
        caseCommand.Subcommands.Add(Call(context, "create", "Open a case.", [title, source, tlp, purpose, urgency, deadline], p => (HttpMethod.Post, "api/cases",
            JsonContent(new JsonObject
            {
                ["title"] = p.GetValue(title),
                ["source"] = p.GetValue(source),
                ["tlp"] = p.GetValue(tlp),
                ["purpose"] = p.GetValue(purpose),
                ["urgency"] = p.GetValue(urgency),
                ["deadline"] = p.GetValue(deadline),
            }))));

        var file = new Option<FileInfo?>("--indicators")
        {
            Description = "Indicator file to import: a text list (one address per line), Shadowserver-style CSV, a MISP event or a STIX 2.1 bundle (stored raw; re-importing the same file changes nothing).",
        };
        var taxii = new Option<string?>("--taxii") { Description = "Instead of a file: the URL of a TAXII 2.1 collection to pull every object from, e.g. https://taxii.example/api/collections/ID/." };
        var taxiiUser = new Option<string?>("--taxii-user") { Description = "TAXII user name (HTTP Basic)." };
        var taxiiPassword = new Option<string?>("--taxii-password") { Description = $"TAXII password (default: ${TaxiiPull.PasswordVariable})." };
        caseCommand.Subcommands.Add(Call(context, "import", "Import indicators into a case: a file, or a pull from a TAXII 2.1 collection.", [caseId, file, taxii, taxiiUser, taxiiPassword],
            async (p, cancellationToken) =>
            {
                var f = p.GetValue(file);
                var url = p.GetValue(taxii);
                if ((f is null) == (url is null))
                {
                    throw new IOException("Give either --indicators FILE or --taxii COLLECTION-URL.");
                }

                byte[] bytes;
                string name;
                if (f is not null)
                {
                    bytes = await File.ReadAllBytesAsync(f.FullName, cancellationToken).ConfigureAwait(false);
                    name = f.Name;
                }
                else
                {
                    if (!Uri.TryCreate(url, UriKind.Absolute, out var collection) || collection.Scheme is not ("http" or "https"))
                    {
                        throw new IOException($"--taxii: '{url}' is not a collection URL; give one such as https://taxii.example/api/collections/ID/.");
                    }

                    using var client = context.Factory(collection);
                    (bytes, name) = await TaxiiPull.FetchAsync(client, collection, p.GetValue(taxiiUser),
                        p.GetValue(taxiiPassword) ?? Environment.GetEnvironmentVariable(TaxiiPull.PasswordVariable), cancellationToken).ConfigureAwait(false);
                }

                var content = new ByteArrayContent(bytes);
                content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
                return (HttpMethod.Post, $"api/cases/{Esc(p.GetValue(caseId))}/imports?fileName={Uri.EscapeDataString(name)}", (HttpContent?)content);
            }));

        var date = new Option<string?>("--date") { Description = "Date of the disclosure, YYYY-MM-DD (default: today; only today's assessment can be released)." };
        caseCommand.Subcommands.Add(Call(context, "assess", "Attribute, split per recipient and assess every share under the law in force on the date.", [caseId, date],
            p => (HttpMethod.Post, $"api/cases/{Esc(p.GetValue(caseId))}/assessments", JsonContent(new JsonObject { ["date"] = p.GetValue(date) }))));
        caseCommand.Subcommands.Add(Call(context, "reassess",
            "Assess an assessed case again today (a new plan version): decisions carry over where recipient, addresses, verdict and basis are unchanged; the rest must be decided again.",
            [caseId], p => (HttpMethod.Post, $"api/cases/{Esc(p.GetValue(caseId))}/reassessments", null)));
        var regime = new Option<string>("--regime") { Required = true, Description = "A regime that is not in force on the date, e.g. cbw while the Wbni is." };
        var whatIfDate = new Option<string?>("--date") { Description = "Date, YYYY-MM-DD (default: today)." };
        caseCommand.Subcommands.Add(Call(context, "what-if",
            "Compare: each recipient's verdict under a regime not in force, beside the verdict in force. Stored and audited; never enters the workflow.",
            [caseId, regime, whatIfDate],
            p => (HttpMethod.Post, $"api/cases/{Esc(p.GetValue(caseId))}/what-ifs", JsonContent(new JsonObject { ["regime"] = p.GetValue(regime), ["date"] = p.GetValue(whatIfDate) }))));

        var adviser = new Option<string>("--adviser") { Required = true, Description = "legal or nctv." };
        var question = new Option<string>("--question") { Required = true, Description = "What the advisers are asked." };
        var exceptional = new Option<bool>("--exceptional-risk") { Description = "Serious, exceptional cyber risk: both advisers are asked." };
        caseCommand.Subcommands.Add(Call(context, "request-advice", "Ask the legal or NCTV adviser about a share.", [caseId, shareId, adviser, question, exceptional],
            p => (HttpMethod.Post, $"{SharePath(p, caseId, shareId)}/advice-requests",
                JsonContent(new JsonObject { ["adviser"] = p.GetValue(adviser), ["question"] = p.GetValue(question), ["exceptionalRisk"] = p.GetValue(exceptional) }))));

        var request = new Option<string>("--request") { Required = true, Description = "Advice request id." };
        var advice = new Option<string>("--advice") { Required = true, Description = "The advice." };
        caseCommand.Subcommands.Add(Call(context, "advise", "Answer an advice request (as the adviser asked).", [caseId, shareId, request, advice],
            p => (HttpMethod.Post, $"{SharePath(p, caseId, shareId)}/advice-requests/{Esc(p.GetValue(request))}/answer", JsonContent(new JsonObject { ["advice"] = p.GetValue(advice) }))));

        var condition = new Option<string>("--condition") { Required = true, Description = "Condition id, e.g. gdpr-transfer-ground." };
        var reference = new Option<string>("--reference") { Required = true, Description = "The reference that proves it, e.g. the art. 46 instrument." };
        caseCommand.Subcommands.Add(Call(context, "confirm", "Confirm a condition of a conditional share.", [caseId, shareId, condition, reference],
            p => (HttpMethod.Post, $"{SharePath(p, caseId, shareId)}/confirmations", JsonContent(new JsonObject { ["condition"] = p.GetValue(condition), ["reference"] = p.GetValue(reference) }))));

        var outcome = new Option<string>("--outcome") { Required = true, Description = "approve or refuse." };
        var motivation = new Option<string>("--motivation") { Required = true, Description = "Why." };
        caseCommand.Subcommands.Add(Call(context, "decide", "Approve or refuse a share (four eyes: not the person who prepared it).", [caseId, shareId, outcome, motivation],
            p => (HttpMethod.Post, $"{SharePath(p, caseId, shareId)}/decision", JsonContent(new JsonObject { ["outcome"] = p.GetValue(outcome), ["motivation"] = p.GetValue(motivation) }))));

        caseCommand.Subcommands.Add(Call(context, "release", "Release an approved share through the disclosure gate.", [caseId, shareId],
            p => (HttpMethod.Post, $"{SharePath(p, caseId, shareId)}/release", null)));

        var to = new Option<string>("--to") { Required = true, Description = "The official who is to take the case over." };
        var note = new Option<string>("--note") { Required = true, Description = "Handover note (open actions, pending advice and deadlines are added by the server)." };
        caseCommand.Subcommands.Add(Call(context, "handover", "Offer the case to another official.", [caseId, to, note],
            p => (HttpMethod.Post, $"api/cases/{Esc(p.GetValue(caseId))}/handover", JsonContent(new JsonObject { ["to"] = p.GetValue(to), ["note"] = p.GetValue(note) }))));
        caseCommand.Subcommands.Add(Call(context, "accept", "Accept a case handed over to you.", [caseId],
            p => (HttpMethod.Post, $"api/cases/{Esc(p.GetValue(caseId))}/handover/accept", null)));
        return caseCommand;
    }

    private static string Esc(string? value) => Uri.EscapeDataString(value ?? "");

    private static string SharePath(ParseResult p, Option<string> caseId, Option<string> shareId) =>
        $"api/cases/{Esc(p.GetValue(caseId))}/shares/{Esc(p.GetValue(shareId))}";

    private static StringContent JsonContent(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static Command Call(Context context, string name, string description, Option[] options, Func<ParseResult, (HttpMethod Method, string Path, HttpContent? Body)> build) =>
        Call(context, name, description, options, (p, _) => Task.FromResult(build(p)));

    private static Command Call(Context context, string name, string description, Option[] options,
        Func<ParseResult, CancellationToken, Task<(HttpMethod Method, string Path, HttpContent? Body)>> build)
    {
        var server = ServerOption();
        var token = TokenOption();
        var command = new Command(name, description) { server, token };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (ServerUri(parse.GetValue(server), context) is not { } uri)
            {
                return GlobalOptions.ExitBadInput;
            }

            var bearer = parse.GetValue(token) ?? Environment.GetEnvironmentVariable(TokenVariable)
                ?? (File.Exists(TokenFile()) ? (await File.ReadAllTextAsync(TokenFile(), cancellationToken).ConfigureAwait(false)).Trim() : null);
            if (string.IsNullOrWhiteSpace(bearer))
            {
                await context.Error.WriteLineAsync($"Not signed in: run 'grondslag login --server {uri} --user NAME --save', or pass --token / ${TokenVariable}.").ConfigureAwait(false);
                return GlobalOptions.ExitBadInput;
            }

            (HttpMethod Method, string Path, HttpContent? Body) call;
            try
            {
                call = await build(parse, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                await context.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return GlobalOptions.ExitBadInput;
            }

            using var client = context.Factory(uri);
            using var message = new HttpRequestMessage(call.Method, call.Path) { Content = call.Body };
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            using var response = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var body = await ReadAsync(response, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return Fail(context, response, body);
            }

            await context.Out.WriteLineAsync(body?.ToJsonString(GlobalOptions.Json) ?? "").ConfigureAwait(false);
            await WarnAboutKeysAsync(context, body, GlobalOptions.Dutch(parse, out _)).ConfigureAwait(false);
            return GlobalOptions.ExitOk;
        });
        return command;
    }

    /// <summary>
    /// Loud, on standard error (standard output stays the server's JSON for jq): the recipient key warnings in the
    /// answer (<c>keyWarnings</c> of shares and of an approval), before anyone approves and when someone does.
    /// </summary>
    private static async Task WarnAboutKeysAsync(Context context, JsonNode? body, bool dutch)
    {
        var messages = new List<string>();
        void Collect(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (name, value) in o)
                    {
                        if (name == "keyWarnings" && value is JsonArray warnings)
                        {
                            messages.AddRange(warnings.OfType<JsonObject>().Select(w => (dutch ? w["messageNl"] : w["message"])?.GetValue<string>()).OfType<string>());
                        }
                        else
                        {
                            Collect(value);
                        }
                    }

                    break;
                case JsonArray a:
                    foreach (var item in a)
                    {
                        Collect(item);
                    }

                    break;
            }
        }

        Collect(body);
        var distinct = messages.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return;
        }

        await context.Error.WriteLineAsync(dutch
            ? $"LET OP: {distinct.Count} probleem/problemen met OpenPGP-sleutels van ontvangers: mail aan hen gaat niet uit (TAXII wel)."
            : $"WARNING: {distinct.Count} recipient OpenPGP key problem(s): mail to them will not go out (TAXII will).").ConfigureAwait(false);
        foreach (var message in distinct.Take(10))
        {
            await context.Error.WriteLineAsync("  ! " + message).ConfigureAwait(false);
        }

        if (distinct.Count > 10)
        {
            await context.Error.WriteLineAsync(dutch ? $"  … en nog {distinct.Count - 10} (zie keyWarnings in de JSON)" : $"  … and {distinct.Count - 10} more (see keyWarnings in the JSON)").ConfigureAwait(false);
        }
    }

    private static Uri? ServerUri(string? option, Context context)
    {
        var text = option ?? Environment.GetEnvironmentVariable(ServerVariable);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            context.Error.WriteLine($"--server: '{text}' is not the server's URL; give one such as https://grondslag.example (or set ${ServerVariable}).");
            return null;
        }

        return uri;
    }

    private static async Task<JsonNode?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static int Fail(Context context, HttpResponseMessage response, JsonNode? problem)
    {
        var detail = problem is JsonObject o ? $"{o["title"]}: {o["detail"]}" : problem?.ToString() ?? "";
        context.Error.WriteLine($"{(int)response.StatusCode} {response.ReasonPhrase}: {detail}");
        return (int)response.StatusCode is >= 400 and < 500 ? GlobalOptions.ExitBadInput : GlobalOptions.ExitFailed;
    }

    private static string TokenFile() =>
        Path.Combine(Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } c ? c : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"), "grondslag", "token");
}
