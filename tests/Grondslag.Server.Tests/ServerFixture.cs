using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grondslag.Server.Composition;
using Grondslag.Storage;
using Grondslag.Storage.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Grondslag.Server.Tests;

/// <summary>A clock stopped at one instant: the assessment day is the release day. Tests may move it forward.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>Moves the stopped clock forward (e.g. to withdraw a share some time after its release).</summary>
    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>The server in process on a fresh database of either provider, at 2024-06-10 10:00 UTC.</summary>
internal sealed class TestServerHost : WebApplicationFactory<Program>
{
    public const long UploadLimit = 1 << 20;

    public static DateTimeOffset Now { get; } = new(2024, 6, 10, 10, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase _database;

    private readonly string _partiesFile;

    /// <summary>The rules folder the server reads (a test may point it at a copy it edits).</summary>
    public string RulesDirectory { get; init; } = Path.Combine(Root, "rules");

    private readonly bool _ownsDatabase = true;

    private TestServerHost(TestDatabase database, string? partiesFile, bool ownsDatabase = true)
    {
        _ownsDatabase = ownsDatabase;
        _database = database;
        _partiesFile = partiesFile ?? Path.Combine(Root, "parties", "default.yaml");
    }

    /// <summary>Audit signing keys and witness copies live outside the database, in this test's own folder.</summary>
    public string AuditHome { get; private set; } = Path.Combine(Path.GetTempPath(), "grondslag-audit-" + Guid.NewGuid().ToString("N"));

    public static string Root => Testing.RepositoryRoot.Path;

    public static string DataDirectory => Testing.RepositoryRoot.TestDataDirectory;

    public StorageOptions Storage => _database.Options;

    /// <summary>The server's clock: stopped at <see cref="Now"/> until a test advances it.</summary>
    public FixedTime Clock { get; } = new(Now);

    /// <summary>
    /// Starts the server in memory, or with <paramref name="kestrel"/> on a free loopback port so a real browser can
    /// reach it (then <see cref="BaseAddress"/> is its address); optionally with another party registry.
    /// </summary>
    public static async Task<TestServerHost> StartAsync(
        DatabaseProvider provider, bool kestrel = false, string? partiesFile = null, string? rulesDirectory = null, IReadOnlyDictionary<string, string>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var host = new TestServerHost(await TestDatabase.CreateAsync(provider), partiesFile)
        {
            RulesDirectory = rulesDirectory ?? Path.Combine(Root, "rules"), Settings = settings ?? new Dictionary<string, string>(), TestServices = services,
        };
        if (kestrel)
        {
            host.UseKestrel(0);
            host.StartServer();
        }
        else
        {
            _ = host.Server;
        }

        return host;
    }

    /// <summary>
    /// A restart: a new server process on the same database (and the same audit keys), reading the given rules folder.
    /// The database stays with the first host, which must outlive this one.
    /// </summary>
    public TestServerHost RestartedWith(string rulesDirectory)
    {
        var again = new TestServerHost(_database, _partiesFile, ownsDatabase: false) { RulesDirectory = rulesDirectory };
        again.AuditHome = AuditHome;
        _ = again.Server;
        return again;
    }

    /// <summary>Services a test adds or replaces (applied last), e.g. a command counter on the database context.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>Extra configuration a test sets (applied last, so it overrides the defaults above).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the server listens (for Kestrel: http://127.0.0.1:port/).</summary>
    public Uri BaseAddress => ClientOptions.BaseAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(ServerKeys.DatabaseProvider, _database.Options.Provider == DatabaseProvider.Sqlite ? "sqlite" : "postgresql");
        builder.UseSetting(ServerKeys.DatabaseConnectionString, _database.Options.ConnectionString);
        builder.UseSetting(ServerKeys.DataDirectory, DataDirectory);
        builder.UseSetting(ServerKeys.RulesDirectory, RulesDirectory);
        builder.UseSetting(ServerKeys.PartiesFile, _partiesFile);
        builder.UseSetting(ServerKeys.UploadMaxBytes, UploadLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting(ServerKeys.AuditKeyDirectory, Path.Combine(AuditHome, "keys"));
        builder.UseSetting(ServerKeys.AuditWitnessDirectory, Path.Combine(AuditHome, "witness"));
        builder.UseSetting(ServerKeys.AuditCheckpointEvery, "10");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, TestSourceAddress>();
            TestServices?.Invoke(s);
        });
    }

    public GrondslagDbContext Db() => GrondslagDatabase.Create(_database.Options);

    /// <summary>The password of every account the tests create.</summary>
    public const string Password = "Test-password-1234";

    /// <summary>Creates an account directly (test set-up) and returns a client signed in through the API.</summary>
    public async Task<HttpClient> SignedInAsync(string userName, string[] roles, string? party = null)
    {
        await CreateAccountAsync(userName, roles, party);
        var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password = Password });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// Creates an account directly (test set-up, standing in for an administrator's request and a second administrator's
    /// approval), with <see cref="Password"/>. Even here an administrator holds no case role.
    /// </summary>
    public async Task CreateAccountAsync(string userName, string[] roles, string? party = null)
    {
        Assert.Null(Grondslag.Domain.Cases.AccountRoles.Conflict(roles.Select(r => Grondslag.Domain.Cases.CaseWire.TryParse<Grondslag.Domain.Cases.Role>(r, out var role) ? role : throw new ArgumentException(r))));
        const string password = Password;
        using (var scope = Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            if (await users.FindByNameAsync(userName) is null)
            {
                var user = new IdentityUser(userName);
                var created = await users.CreateAsync(user, password);
                Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
                await users.AddToRolesAsync(user, roles);
                if (party is not null)
                {
                    await users.AddClaimAsync(user, new Claim(GrondslagClaims.Party, party));
                }
            }
        }
    }

    /// <summary>The administrator who approves what a test's administrator proposes (four eyes); created on first use.</summary>
    public const string SecondAdministrator = "second-admin";

    private HttpClient? _secondAdministrator;

    /// <summary>A client signed in as <see cref="SecondAdministrator"/>.</summary>
    public async Task<HttpClient> SecondAdministratorAsync() => _secondAdministrator ??= await SignedInAsync(SecondAdministrator, ["administrator"]);

    /// <summary>Sends the proposal (expects 202) and has the second administrator approve; returns the approval.</summary>
    public async Task<JsonNode> ProposeAndApproveAsync(Task<HttpResponseMessage> proposal)
    {
        var proposed = await proposal.ExpectAsync(System.Net.HttpStatusCode.Accepted);
        var second = await SecondAdministratorAsync();
        return await second.PostAsync(proposed["approve"]!.GetValue<string>(), null).ExpectAsync(System.Net.HttpStatusCode.OK);
    }

    /// <summary>Activates the rule files on disk (with an optional Cbw date): proposed by <paramref name="admin"/>, approved by the second administrator.</summary>
    public Task<JsonNode> ActivateRuleSetAsync(HttpClient admin, string? cbwEntryIntoForce = null) =>
        ProposeAndApproveAsync(admin.PostAsJsonAsync("/api/admin/rule-set/activation", new { cbwEntryIntoForce }));

    /// <summary>Activates a party registry: proposed by <paramref name="admin"/>, approved by the second administrator.</summary>
    public Task<JsonNode> ActivatePartiesAsync(HttpClient admin, string yaml) =>
        ProposeAndApproveAsync(admin.PutAsync("/api/admin/parties", new StringContent(yaml)));

    public override async ValueTask DisposeAsync()
    {
        _secondAdministrator?.Dispose();
        await base.DisposeAsync();
        if (_ownsDatabase)
        {
            await _database.DisposeAsync();
        }
    }
}

/// <summary>
/// Test-only: the in-memory server has no client address; a request may name one in <see cref="Header"/> so tests can
/// act from several sources (an attacker and the real user).
/// </summary>
internal sealed class TestSourceAddress : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public const string Header = "X-Test-Source";

    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use(nextMiddleware => context =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var value) && System.Net.IPAddress.TryParse(value.ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}

/// <summary>Reading API answers.</summary>
internal static class Api
{
    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new JsonException("empty body");
    }

    public static async Task<JsonNode> ExpectAsync(this Task<HttpResponseMessage> call, System.Net.HttpStatusCode status)
    {
        using var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>
    /// Creates an account through the API as <paramref name="admin"/>; when it needs a second administrator (a case role,
    /// a recipient, a third administrator), <paramref name="approver"/> approves it. Returns the creation answer
    /// (with the one-time password).
    /// </summary>
    public static async Task<JsonNode> CreateApprovedAccountAsync(this HttpClient admin, HttpClient approver, string userName, string[] roles, string? party = null)
    {
        using var response = await admin.PostAsJsonAsync("/api/admin/accounts", new { userName, roles, party });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is System.Net.HttpStatusCode.Created or System.Net.HttpStatusCode.Accepted, $"account {userName}: {(int)response.StatusCode} {text}");
        var created = JsonNode.Parse(text)!;
        if (response.StatusCode == System.Net.HttpStatusCode.Accepted)
        {
            await approver.PostAsync(created["approve"]!.GetValue<string>(), null).ExpectAsync(System.Net.HttpStatusCode.OK);
        }

        return created;
    }

    public static Task<HttpResponseMessage> PostTextAsync(this HttpClient client, string url, byte[] content)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        return client.PostAsync(url, body);
    }
}
