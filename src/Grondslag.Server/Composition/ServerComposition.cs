using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Grondslag.Application.Auditing;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Server.Endpoints;
using Grondslag.Server.Web;
using Grondslag.Server.Taxii;
using Grondslag.Storage;
using Grondslag.Storage.Cases;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

using Grondslag.Application.Activation;

namespace Grondslag.Server.Composition;

/// <summary>Composes the server: services, middleware, endpoints, first-run set-up.</summary>
public static class ServerComposition
{
    public static WebApplicationBuilder AddGrondslagServer(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        var storage = ServerKeys.Storage(configuration, builder.Environment.ContentRootPath);
        services.AddSingleton(storage);
        services.AddSingleton(GrondslagDatabase.Options(storage));
        services.AddScoped(_ => GrondslagDatabase.Create(storage));
        services.TryAddSingleton(TimeProvider.System);

        // Cases: store, audit trail, use cases.
        services.AddScoped<ICaseStore, EfCaseStore>();
        // The audit trail appends through the same scoped GrondslagDbContext, inside the action's transaction;
        // its signing key is loaded once, from a folder outside the database.
        services.AddSingleton(Grondslag.Storage.Audit.AuditLogSettings.Load(ServerKeys.Audit(configuration, builder.Environment.ContentRootPath)));
        services.AddScoped<Grondslag.Storage.Audit.AuditLog>();
        services.AddScoped<IAuditTrail>(sp => sp.GetRequiredService<Grondslag.Storage.Audit.AuditLog>());
        services.AddHostedService<AuditWitnessExporter>();
        services.AddSingleton<IIdGenerator, RandomIdGenerator>();
        services.AddSingleton<LoadedSharingContext>();
        services.AddSingleton<ISharingContext>(sp => sp.GetRequiredService<LoadedSharingContext>());
        services.AddSingleton<IReferenceInForce>(sp => sp.GetRequiredService<LoadedSharingContext>());
        services.AddSingleton<IReferenceLoader, ReferenceFiles>();
        services.AddScoped<IActivationStore, Grondslag.Storage.Admin.EfActivationStore>();
        services.AddScoped<IProposeActivation, ProposeActivation>();
        services.AddScoped<IApproveActivation, ApproveActivation>();
        services.AddScoped<IPinActivation, PinActivation>();
        var delay = configuration.GetValue<int?>(ServerKeys.TestingCommitDelayMs) ?? 0;
        services.AddSingleton<ICommitHook>(delay > 0 ? new DelayingCommitHook(TimeSpan.FromMilliseconds(delay)) : new NoCommitHook());
        services.AddScoped<ICreateCase, CreateCase>();
        services.AddScoped<IImportIndicators, ImportIndicators>();
        services.AddScoped<IAssessCase, AssessCase>();
        services.AddScoped<IReassessCase, ReassessCase>();
        services.AddScoped<ICompareWhatIf, CompareWhatIf>();
        services.AddScoped<IRequestAdvice, RequestAdvice>();
        services.AddScoped<IGiveAdvice, GiveAdvice>();
        services.AddScoped<IConfirmCondition, ConfirmCondition>();
        services.AddScoped<IDecide, Decide>();
        services.AddScoped<IRelease, Release>();
        services.AddScoped<IOfferHandover, OfferHandover>();
        services.AddScoped<IAcceptHandover, AcceptHandover>();
        services.AddScoped<AccountAdministration>();
        services.AddScoped<ICaseQueries, CaseQueries>();
        services.AddScoped<IRecordAccountEvent, RecordAccountEvent>();
        services.AddScoped<Grondslag.Application.Review.IBreachRegister, Grondslag.Storage.Review.EfBreachRegister>();
        services.AddScoped<Grondslag.Application.Review.BreachProcedure>();
        services.AddGrondslagTaxii(configuration);

        // Accounts: local Identity accounts in the same database; bearer tokens for the API.
        services.AddIdentityCore<IdentityUser>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<GrondslagDbContext>()
            .AddSignInManager();
        var authentication = services.AddAuthentication(IdentityConstants.BearerScheme);
        authentication.AddBearerToken(IdentityConstants.BearerScheme);
        var oidc = configuration.GetSection(ServerKeys.OidcSection);
        if (!string.IsNullOrWhiteSpace(oidc["Authority"]))
        {
            // Production single sign-on: configured, not exercised by the tests.
            authentication.AddCookie(CookieAuthenticationDefaults.AuthenticationScheme).AddOpenIdConnect("oidc", o =>
            {
                o.Authority = oidc["Authority"];
                o.ClientId = oidc["ClientId"];
                o.ClientSecret = oidc["ClientSecret"];
                o.ResponseType = "code";
                o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.TokenValidationParameters.RoleClaimType = oidc["RoleClaimType"] ?? "roles";
                o.TokenValidationParameters.NameClaimType = oidc["NameClaimType"] ?? "preferred_username";
            });
        }

        services.AddAuthorization();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, RecipientHidingResultHandler>();

        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        services.AddOpenApi();
        var maxUpload = configuration.GetValue<long?>(ServerKeys.UploadMaxBytes) ?? ServerKeys.DefaultUploadMaxBytes;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = Math.Max(maxUpload, 1 << 20) + (1 << 16));
        builder.AddGrondslagWeb();
        return builder;
    }

    /// <summary>Creates the database, the roles, and on first run an administrator with a one-time password printed once.</summary>
    public static async Task InitializeGrondslagAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await GrondslagDatabase.InitializeAsync(app.Services.GetRequiredService<StorageOptions>()).ConfigureAwait(false);
        await using var scope = app.Services.CreateAsyncScope();
        await ActivationStartup.PinAsync(scope.ServiceProvider, app.Logger).ConfigureAwait(false);
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Enum.GetValues<Role>())
        {
            if (!await roles.RoleExistsAsync(role.ToWire()).ConfigureAwait(false))
            {
                await roles.CreateAsync(new IdentityRole(role.ToWire())).ConfigureAwait(false);
            }
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (users.Users.Any())
        {
            return;
        }

        var name = app.Configuration[ServerKeys.BootstrapAdministrator] is { Length: > 0 } n ? n : "admin";
        var password = OneTimePassword();
        var user = new IdentityUser(name);
        var created = await users.CreateAsync(user, password).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("Could not create the first administrator: " + string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(user, Role.Administrator.ToWire()).ConfigureAwait(false);
        await scope.ServiceProvider.GetRequiredService<IRecordAccountEvent>()
            .ExecuteAsync("account.bootstrap", new Actor("system", Role.Administrator), name, new JsonObject { ["roles"] = new JsonArray("administrator") }).ConfigureAwait(false);
        // Deliberately the console, not the log: the password must not end up in log storage. Shown this once only.
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Grondslag first run: created administrator '{name}' with one-time password: {password}"));
        Console.Out.WriteLine("Sign in and change it (POST /api/auth/password); it is not stored in clear and will not be shown again.");
        await Console.Out.FlushAsync().ConfigureAwait(false);
    }

    public static WebApplication UseGrondslagServer(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            headers.CacheControl = "no-store";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            await next(context).ConfigureAwait(false);
        });
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapGrondslagEndpoints();
        app.MapGrondslagWeb();
        app.MapTaxii();
        return app;
    }

    /// <summary>20 random characters from a set without look-alikes, plus one of each class Identity requires.</summary>
    internal static string OneTimePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
        var chars = RandomNumberGenerator.GetItems<char>(alphabet, 20);
        return new string(chars) + "a7K!";
    }

    private static void MapGrondslagEndpoints(this WebApplication app)
    {
        AuthEndpoints.Map(app);
        CaseEndpoints.Map(app);
        RecipientEndpoints.Map(app);
        AdminEndpoints.Map(app);
        AuditEndpoints.Map(app);
        ActivationEndpoints.Map(app);
        BreachEndpoints.Map(app);
    }

    internal static RouteHandlerBuilder Roles(this RouteHandlerBuilder endpoint, params Role[] roles) =>
        endpoint.RequireAuthorization(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(roles.Select(r => r.ToWire())).Build());
}
