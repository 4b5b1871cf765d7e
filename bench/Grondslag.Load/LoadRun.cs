using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grondslag.Storage;
using Npgsql;

namespace Grondslag.Load;

/// <summary>What to run: provider, clients, duration, seeded cases, and where the server and its data are.</summary>
public sealed record LoadOptions(DatabaseProvider Provider, string ServerDll, string DataDirectory)
{
    public int Clients { get; init; } = 200;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    public int Cases { get; init; } = 25_000;

    /// <summary>A PostgreSQL connection that may create and drop databases (PostgreSQL runs only).</summary>
    public string? PostgresAdmin { get; init; }

    /// <summary>
    /// PostgreSQL only: run as the least-privilege application role (scripts/postgres-roles.sql), with a separate migration
    /// role, as production does. Default on.
    /// </summary>
    public bool LeastPrivilege { get; init; } = true;

    /// <summary>The roles script; found beside the server's repository when not given.</summary>
    public string? RolesScript { get; init; }

    /// <summary>Extra environment for the server process.</summary>
    public IReadOnlyDictionary<string, string> ServerEnvironment { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// One bounded load run: a fresh database with <see cref="LoadOptions.Cases"/> seeded cases, the real server process on
/// it, a team set up through the API (two administrators, analysts, duty officers, a TAXII client), then
/// <see cref="LoadOptions.Clients"/> concurrent clients for <see cref="LoadOptions.Duration"/>, each repeating a weighted
/// mix: the case list (API, cursor pages), one case (API and web page), the open-cases page, new cases, small imports
/// with their assessment, decisions, TAXII pulls and sign-ins.
/// </summary>
public static partial class LoadRun
{
    private const int Teams = 4;

    public static async Task<LoadReport> RunAsync(LoadOptions options, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var home = Path.Combine(Path.GetTempPath(), "grondslag-load-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        string? database = null;
        PostgresRoles? roles = null;
        var environment = new Dictionary<string, string>(options.ServerEnvironment);
        try
        {
            StorageOptions storage;
            StorageOptions? migration = null;
            if (options.Provider == DatabaseProvider.Sqlite)
            {
                storage = StorageOptions.SqliteFile(home);
            }
            else if (options.LeastPrivilege)
            {
                var admin = options.PostgresAdmin ?? throw new InvalidOperationException("A PostgreSQL run needs a connection that may create roles and databases (GRONDSLAG_TEST_POSTGRES).");
                roles = await PostgresRoles.CreateAsync(admin, options.RolesScript ?? RolesScriptBeside(options.ServerDll), cancellationToken).ConfigureAwait(false);
                storage = new StorageOptions(DatabaseProvider.PostgreSql, roles.AppConnection);
                migration = new StorageOptions(DatabaseProvider.PostgreSql, roles.OwnerConnection);
                environment["Grondslag__Database__MigrationConnectionString"] = roles.OwnerConnection;
            }
            else
            {
                var admin = options.PostgresAdmin ?? throw new InvalidOperationException("A PostgreSQL run needs a connection that may create databases (GRONDSLAG_TEST_POSTGRES).");
                database = "grondslag_load_" + Guid.NewGuid().ToString("N");
                await ExecuteAsync(admin, $"CREATE DATABASE {database}", cancellationToken).ConfigureAwait(false);
                storage = new StorageOptions(DatabaseProvider.PostgreSql, new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString);
            }

            await GrondslagDatabase.InitializeAsync(storage, migration, cancellationToken).ConfigureAwait(false);
            var report = new LoadReport { Provider = options.Provider == DatabaseProvider.Sqlite ? "SQLite" : roles is null ? "PostgreSQL" : "PostgreSQL (least-privilege role)", Clients = options.Clients };
            var (seeded, seedTime) = await Seeder.SeedAsync(storage, options.Cases, "analyst1", DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
            report.SeededCases = seeded.Count;
            report.SeedTime = seedTime;
            await log.WriteLineAsync($"{report.Provider}: seeded {seeded.Count:N0} cases in {seedTime.TotalSeconds:0.0} s").ConfigureAwait(false);

            using (var server = await ServerUnderLoad.StartAsync(options.ServerDll, storage, home, options.DataDirectory, environment, cancellationToken).ConfigureAwait(false))
            {
                var team = await Team.SetUpAsync(server, cancellationToken).ConfigureAwait(false);
                await log.WriteLineAsync($"{report.Provider}: server up, team signed in; {options.Clients} clients for {options.Duration.TotalSeconds:0} s").ConfigureAwait(false);
                await DriveAsync(options, team, seeded, report, cancellationToken).ConfigureAwait(false);
                report.ServerPeakBytes = server.PeakBytes;
                if (report.ServerErrors > 0)
                {
                    var lines = server.Output.Split('\n');
                    await log.WriteLineAsync("Server output (last 60 lines):\n" + string.Join('\n', lines.TakeLast(60))).ConfigureAwait(false);
                }

                team.Dispose();
            }

            await log.WriteLineAsync(report.ToMarkdown()).ConfigureAwait(false);
            return report;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            if (roles is not null)
            {
                await roles.DropAsync().ConfigureAwait(false);
            }

            if (database is not null)
            {
                await ExecuteAsync(options.PostgresAdmin!, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", CancellationToken.None).ConfigureAwait(false);
            }

            try
            {
                Directory.Delete(home, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string RolesScriptBeside(string serverDll)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(serverDll));
        while (folder is not null && !File.Exists(Path.Combine(folder, "scripts", "postgres-roles.sql")))
        {
            folder = Path.GetDirectoryName(folder);
        }

        return folder is null ? throw new FileNotFoundException("scripts/postgres-roles.sql not found above " + serverDll) : Path.Combine(folder, "scripts", "postgres-roles.sql");
    }

    private static async Task DriveAsync(LoadOptions options, Team team, IReadOnlyList<string> seeded, LoadReport report, CancellationToken cancellationToken)
    {
        var known = new Recent();
        var seededIds = seeded.ToArray();
        var decisions = new ConcurrentQueue<(string Case, string Share, bool Permitted, int Member)>();
        var releases = new ConcurrentQueue<(string Case, string Share, int Member)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = Stopwatch.StartNew();
        stop.CancelAfter(options.Duration);
        var clients = Enumerable.Range(0, options.Clients).Select(i => Task.Run(async () =>
        {
            var random = new Random(i);
            var member = i % Teams;
            while (!stop.IsCancellationRequested)
            {
                var pick = random.Next(100);
                var caseId = random.Next(4) == 0 && known.Pick(random) is { } recent ? recent : seededIds[random.Next(seededIds.Length)];
                switch (pick)
                {
                    case < 20:
                        await TimeAsync(report, "api: one case", () => team.Api.SendAsync(team.Bearer(HttpMethod.Get, $"/api/cases/{caseId}", team.Officers[member])), stop.Token).ConfigureAwait(false);
                        break;
                    case < 34:
                        var after = random.Next(3) == 0 ? "" : $"&after={seededIds[random.Next(seededIds.Length)]}";
                        await TimeAsync(report, "api: case list page", () => team.Api.SendAsync(team.Bearer(HttpMethod.Get, $"/api/cases?limit=50{after}", team.Analysts[member])), stop.Token).ConfigureAwait(false);
                        break;
                    case < 46:
                        await TimeAsync(report, "web: case page", () => team.Web[member].GetAsync(new Uri($"/cases/{caseId}", UriKind.Relative)), stop.Token).ConfigureAwait(false);
                        break;
                    case < 51:
                        await TimeAsync(report, "web: open cases", () => team.Web[member].GetAsync(new Uri("/", UriKind.Relative)), stop.Token).ConfigureAwait(false);
                        break;
                    case < 61:
                        var created = await TimeAsync(report, "api: create case", () => team.Api.SendAsync(team.Bearer(HttpMethod.Post, "/api/cases", team.Analysts[member],
                            JsonContent.Create(new { title = $"Load case {i}-{random.Next()}", source = "NCSC", tlp = "amber", purpose = "inform-victims" }))), stop.Token).ConfigureAwait(false);
                        if (created?["id"]?.GetValue<string>() is { } newId)
                        {
                            known.Add(newId);
                        }

                        break;
                    case < 71:
                        await ImportAndAssessAsync(team, member, random, report, decisions, known, stop.Token).ConfigureAwait(false);
                        break;
                    case < 76:
                        if (decisions.TryDequeue(out var share))
                        {
                            // A duty officer who did not prepare the share (the analyst created, imported and assessed it) decides: four eyes.
                            var decided = await TimeAsync(report, share.Permitted ? "api: decision (approve)" : "api: decision (refuse)", () => team.Api.SendAsync(team.Bearer(HttpMethod.Post, $"/api/cases/{share.Case}/shares/{share.Share}/decision", team.Officers[member],
                                JsonContent.Create(new { outcome = share.Permitted ? "approve" : "refuse", motivation = "Load test: Wbni art. 20(2), EU CSIRT for its own constituency" }))), stop.Token).ConfigureAwait(false);
                            if (decided is not null && share.Permitted)
                            {
                                releases.Enqueue((share.Case, share.Share, share.Member));
                            }
                        }

                        break;
                    case < 79:
                        if (releases.TryDequeue(out var approved))
                        {
                            // The analyst releases what a duty officer approved; the gate checks everything again.
                            await TimeAsync(report, "api: release", () => team.Api.SendAsync(team.Bearer(HttpMethod.Post, $"/api/cases/{approved.Case}/shares/{approved.Share}/release", team.Analysts[approved.Member])), stop.Token).ConfigureAwait(false);
                        }

                        break;
                    case < 95:
                        await TimeAsync(report, "taxii: objects", () => team.Api.SendAsync(team.Taxii()), stop.Token).ConfigureAwait(false);
                        break;
                    default:
                        var account = random.Next(2) == 0 ? team.Analysts[member] : team.Officers[member];
                        await TimeAsync(report, "api: sign-in", () => team.Api.PostAsJsonAsync("/api/auth/sign-in", new { userName = account.Name, password = account.Password }), stop.Token).ConfigureAwait(false);
                        break;
                }
            }
        })).ToArray();
        await Task.WhenAll(clients).ConfigureAwait(false);
        report.Elapsed = clock.Elapsed;
    }

    private static async Task ImportAndAssessAsync(Team team, int member, Random random, LoadReport report, ConcurrentQueue<(string, string, bool, int)> decisions, Recent known, CancellationToken stop)
    {
        var analyst = team.Analysts[member];
        var created = await TimeAsync(report, "api: create case", () => team.Api.SendAsync(team.Bearer(HttpMethod.Post, "/api/cases", analyst,
            JsonContent.Create(new { title = "Load import", source = "Shadowserver", tlp = "green", purpose = "inform-victims" }))), stop).ConfigureAwait(false);
        if (created?["id"]?.GetValue<string>() is not { } caseId)
        {
            return;
        }

        known.Add(caseId);
        var list = new StringBuilder("# load test list\n");
        for (var n = random.Next(5, 40); n > 0; n--)
        {
            // France (77.128.0.0/11), Germany (5.0.0.0/16 region) and a few from elsewhere: several recipients per list.
            var first = random.Next(3) switch
            {
                0 => 77,
                1 => 5,
                _ => 2,
            };
            var second = first == 77 ? 128 + random.Next(32) : random.Next(1, 15);
            list.Append(CultureInfo.InvariantCulture, $"{first}.{second}.{random.Next(256)}.{random.Next(1, 255)}\n");
        }

        var imported = await TimeAsync(report, "api: import list", () =>
        {
            var body = new ByteArrayContent(Encoding.UTF8.GetBytes(list.ToString()));
            body.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            return team.Api.SendAsync(team.Bearer(HttpMethod.Post, $"/api/cases/{caseId}/imports?fileName=load.txt", analyst, body));
        }, stop).ConfigureAwait(false);
        if (imported is null)
        {
            return;
        }

        // Assessed for today (no date: the server's legal day). The gate releases only an assessment of the day of release
        // (DisclosureGate: "assess again under the rules in force today"); a fixed past date made every release a 409.
        var assessed = await TimeAsync(report, "api: assess", () => team.Api.SendAsync(team.Bearer(HttpMethod.Post, $"/api/cases/{caseId}/assessments", analyst,
            JsonContent.Create(new { }))), stop).ConfigureAwait(false);
        foreach (var share in assessed?["shares"]?.AsArray() ?? [])
        {
            var verdict = share?["assessment"]?["verdict"]?.GetValue<string>();
            decisions.Enqueue((caseId, share!["id"]!.GetValue<string>(), verdict == "permitted", member));
        }
    }

    /// <summary>Times one request; records its status (0 when it got no answer) and returns its JSON body when it succeeded.</summary>
    private static async Task<JsonNode?> TimeAsync(LoadReport report, string kind, Func<Task<HttpResponseMessage>> send, CancellationToken stop)
    {
        if (stop.IsCancellationRequested)
        {
            return null;
        }

        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await send().ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false);
            report.Add(kind, (int)response.StatusCode, clock.Elapsed.TotalMilliseconds);
            if ((int)response.StatusCode >= 400)
            {
                report.AddRefusal(kind, (int)response.StatusCode, Encoding.UTF8.GetString(body));
            }

            return response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true && body.Length > 0
                ? JsonNode.Parse(body)
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            report.Add(kind, 0, clock.Elapsed.TotalMilliseconds);
            report.Failures.Add($"{kind}: {e.GetType().Name}: {e.Message}");
            return null;
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The last cases the load created (with imports and shares), for reads of cases that have more than a title.</summary>
    internal sealed class Recent
    {
        private readonly string?[] _ids = new string?[256];
        private long _next;

        public void Add(string id) => _ids[(int)(Interlocked.Increment(ref _next) % _ids.Length)] = id;

        public string? Pick(Random random) => Volatile.Read(ref _ids[random.Next(_ids.Length)]);
    }

    /// <summary>A staff account and its bearer token.</summary>
    internal sealed record Account(string Name, string Password, string Token);

    /// <summary>The people (and the TAXII client) the load runs as, set up through the API as a real team would be.</summary>
    internal sealed partial class Team : IDisposable
    {
        private string _taxiiParty = "";
        private string _taxiiSecret = "";
        private string _collection = "";

        public HttpClient Api { get; private init; } = null!;

        public List<Account> Analysts { get; } = [];

        public List<Account> Officers { get; } = [];

        /// <summary>One signed-in browser session (cookies) per duty officer.</summary>
        public List<HttpClient> Web { get; } = [];

        public static async Task<Team> SetUpAsync(ServerUnderLoad server, CancellationToken cancellationToken)
        {
            var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), MaxConnectionsPerServer = 1024 };
            var team = new Team { Api = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(300) } };
            var firstPassword = server.OneTimePassword ?? throw new InvalidOperationException("The server printed no one-time password:\n" + server.Output);
            var admin = await team.SignInAsync("admin", firstPassword, "Kite-harbour-lantern-2024", cancellationToken).ConfigureAwait(false);
            var second = await team.PostAsync(admin, "/api/admin/accounts", new { userName = "admin2", roles = new[] { "administrator" } }, cancellationToken).ConfigureAwait(false);
            var admin2 = await team.SignInAsync("admin2", second["oneTimePassword"]!.GetValue<string>(), "Copper-meadow-violin-2024", cancellationToken).ConfigureAwait(false);
            for (var n = 1; n <= Teams; n++)
            {
                team.Analysts.Add(await team.CreateAsync(admin, admin2, $"analyst{n}", "analyst", $"Maple-canal-drizzle-{n}", cancellationToken).ConfigureAwait(false));
                team.Officers.Add(await team.CreateAsync(admin, admin2, $"officer{n}", "duty-officer", $"Granite-otter-sunrise-{n}", cancellationToken).ConfigureAwait(false));
            }

            foreach (var officer in team.Officers)
            {
                team.Web.Add(await WebSessionAsync(server.BaseAddress, officer, cancellationToken).ConfigureAwait(false));
            }

            var taxii = await team.PostAsync(admin, "/api/admin/taxii-clients", new { party = "cert-fr" }, cancellationToken).ConfigureAwait(false);
            team._taxiiParty = "cert-fr";
            team._taxiiSecret = taxii["secret"]?.GetValue<string>() ?? throw new InvalidOperationException("No TAXII secret in " + taxii.ToJsonString());
            team._collection = taxii["collectionId"]!.GetValue<string>();
            return team;
        }

        public HttpRequestMessage Bearer(HttpMethod method, string url, Account account, HttpContent? content = null)
        {
            var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = content };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.Token);
            return request;
        }

        public HttpRequestMessage Taxii()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/taxii2/api/collections/{_collection}/objects/?limit=100", UriKind.Relative));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_taxiiParty}:{_taxiiSecret}")));
            request.Headers.Accept.ParseAdd("application/taxii+json;version=2.1");
            return request;
        }

        public void Dispose()
        {
            Api.Dispose();
            foreach (var web in Web)
            {
                web.Dispose();
            }
        }

        private async Task<Account> CreateAsync(Account admin, Account approver, string name, string role, string password, CancellationToken cancellationToken)
        {
            var created = await PostAsync(admin, "/api/admin/accounts", new { userName = name, roles = new[] { role } }, cancellationToken).ConfigureAwait(false);
            if (created["approve"]?.GetValue<string>() is { } approve)
            {
                await PostAsync(approver, approve, new { }, cancellationToken).ConfigureAwait(false);
            }

            return await SignInAsync(name, created["oneTimePassword"]!.GetValue<string>(), password, cancellationToken).ConfigureAwait(false);
        }

        private async Task<Account> SignInAsync(string name, string password, string newPassword, CancellationToken cancellationToken)
        {
            using var first = await Api.PostAsJsonAsync("/api/auth/sign-in", new { userName = name, password, newPassword }, cancellationToken).ConfigureAwait(false);
            await Expect(first, cancellationToken).ConfigureAwait(false);
            // The one-time password is replaced; sign in again with the person's own password for the token the load uses.
            using var again = await Api.PostAsJsonAsync("/api/auth/sign-in", new { userName = name, password = newPassword }, cancellationToken).ConfigureAwait(false);
            var token = (await Expect(again, cancellationToken).ConfigureAwait(false))["accessToken"]!.GetValue<string>();
            return new Account(name, newPassword, token);
        }

        private async Task<JsonNode> PostAsync(Account account, string url, object body, CancellationToken cancellationToken)
        {
            using var response = await Api.SendAsync(Bearer(HttpMethod.Post, url, account, JsonContent.Create(body)), cancellationToken).ConfigureAwait(false);
            return await Expect(response, cancellationToken).ConfigureAwait(false);
        }

        private static async Task<JsonNode> Expect(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {text}");
            }

            return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
        }

        private static async Task<HttpClient> WebSessionAsync(Uri server, Account account, CancellationToken cancellationToken)
        {
            var web = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(300) };
            var page = await web.GetStringAsync(new Uri("/sign-in", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            var token = Antiforgery().Match(page).Groups[1].Value;
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = account.Name, ["password"] = account.Password, ["__RequestVerificationToken"] = token });
            using var signedIn = await web.PostAsync(new Uri("/sign-in", UriKind.Relative), form, cancellationToken).ConfigureAwait(false);
            if (signedIn.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"Web sign-in of {account.Name} answered {(int)signedIn.StatusCode}.");
            }

            return web;
        }

        [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
        private static partial Regex Antiforgery();
    }
}
