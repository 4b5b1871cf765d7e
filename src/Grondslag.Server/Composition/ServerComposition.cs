using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Grondslag.Application.Auditing;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Server.Accounts;
using Grondslag.Server.Endpoints;
using Grondslag.Server.Web;
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
        UsePublishedWebRoot(builder.Environment);
        var storage = ServerKeys.Storage(configuration, builder.Environment.ContentRootPath);
        services.AddSingleton(storage);
        services.AddSingleton(GrondslagDatabase.Options(storage));
        services.AddScoped(_ => GrondslagDatabase.Create(storage));
        services.TryAddSingleton(TimeProvider.System);

        // Cases: store, audit trail, use cases.
        services.AddScoped<ICaseStore, EfCaseStore>();
        // The audit trail appends through the same scoped GrondslagDbContext, inside the action's transaction;
        // its signing key is loaded once, from a folder outside the database.
        var auditOptions = ServerKeys.Audit(configuration, builder.Environment.ContentRootPath);
        services.AddSingleton(Grondslag.Storage.Audit.AuditLogSettings.Load(auditOptions));
        services.AddSingleton(sp => AuditPublicKey.Of(sp.GetRequiredService<Grondslag.Storage.Audit.AuditLogSettings>()));
        services.AddScoped<Grondslag.Storage.Audit.AuditLog>();
        services.AddScoped<IAuditTrail>(sp => sp.GetRequiredService<Grondslag.Storage.Audit.AuditLog>());
        services.AddScoped<IAuditReader, Grondslag.Storage.Audit.EfAuditReader>();
        services.AddHostedService<AuditWitnessExporter>();
        services.AddSingleton<IIdGenerator, RandomIdGenerator>();
        services.AddSingleton<AddressData>();
        services.AddSingleton<LoadedSharingContext>();
        services.AddSingleton<ISharingContext>(sp => sp.GetRequiredService<LoadedSharingContext>());
        services.AddSingleton<IReferenceInForce>(sp => sp.GetRequiredService<LoadedSharingContext>());
        services.AddSingleton<IReferenceLoader, ReferenceFiles>();
        services.AddScoped<IActivationStore, Grondslag.Storage.Admin.EfActivationStore>();
        services.AddScoped<IProposeActivation, ProposeActivation>();
        services.AddScoped<IApproveActivation, ApproveActivation>();
        services.AddScoped<IPinActivation, PinActivation>();
        // Several nodes on one database: each follows the activations recorded there (issue 16).
        services.AddScoped<IFollowActivations, FollowActivations>();
        services.AddScoped<IDescribeRuleSet, DescribeRuleSet>();
        services.AddHostedService<ActivationListener>();
        // ...and shares one data-protection key ring (cookies, bearer and CSRF tokens), kept encrypted in the database.
        services.AddSharedDataProtection(configuration, auditOptions.KeyDirectory);

        services.AddSingleton<Grondslag.Application.Parties.IRecipientKeyring, Grondslag.Server.Delivery.RecipientKeyring>();
        services.AddSingleton<Grondslag.Application.Parties.IRecipientKeyWarnings, Grondslag.Application.Parties.RecipientKeyWarnings>();
        services.AddScoped<Grondslag.Application.Parties.IImportPartyKeys, Grondslag.Application.Parties.ImportPartyKeys>();
        var delay = configuration.GetValue<int?>(ServerKeys.TestingCommitDelayMs) ?? 0;
        services.AddSingleton<ICommitHook>(delay > 0 ? new DelayingCommitHook(TimeSpan.FromMilliseconds(delay)) : new NoCommitHook());
        services.AddScoped<ICreateCase, CreateCase>();
        services.AddScoped<ImportIndicators>();
        services.AddScoped<IImportIndicators, BoundedImportIndicators>();
        services.AddSingleton<ImportProgressBoard>();
        services.AddSingleton(new ImportSlots(
            configuration.GetValue<int?>("Grondslag:Imports:PerUser") ?? ImportSlots.DefaultPerUser,
            configuration.GetValue<int?>("Grondslag:Imports:Total") ?? ImportSlots.DefaultTotal));
        services.AddScoped<IAssessCase, AssessCase>();
        services.AddScoped<IReassessCase, ReassessCase>();
        services.AddScoped<ICompareWhatIf, CompareWhatIf>();
        services.AddScoped<IRequestAdvice, RequestAdvice>();
        services.AddScoped<IGiveAdvice, GiveAdvice>();
        services.AddScoped<IConfirmCondition, ConfirmCondition>();
        services.AddScoped<IDecide, Decide>();
        services.AddScoped<IRelease, Release>();
        services.AddScoped<IDecideShares, DecideShares>();
        services.AddScoped<IReleaseShares, ReleaseShares>();
        services.AddScoped<IOfferHandover, OfferHandover>();
        services.AddScoped<IAcceptHandover, AcceptHandover>();
        services.AddScoped<ICancelHandover, CancelHandover>();
        services.AddScoped<IdentityAccountRegistry>();
        services.AddScoped<IAccountDirectory>(sp => sp.GetRequiredService<IdentityAccountRegistry>());
        services.AddScoped<Grondslag.Application.Accounts.IAccountRegistry>(sp => sp.GetRequiredService<IdentityAccountRegistry>());
        services.AddScoped<Grondslag.Application.Accounts.IAccountGrants, Grondslag.Storage.Admin.EfAccountGrants>();
        services.AddScoped<Grondslag.Application.Accounts.ITaxiiClientStore, Grondslag.Storage.Delivery.EfTaxiiClientStore>();
        services.AddSingleton<Grondslag.Application.Accounts.ITaxiiCredentials, ServerTaxiiCredentials>();
        services.AddScoped<Grondslag.Application.Accounts.ICreateAccount, Grondslag.Application.Accounts.CreateAccount>();
        services.AddScoped<Grondslag.Application.Accounts.IApproveGrant, Grondslag.Application.Accounts.ApproveGrant>();
        services.AddScoped<Grondslag.Application.Accounts.IDisableAccount, Grondslag.Application.Accounts.DisableAccount>();
        services.AddScoped<Grondslag.Application.Accounts.IEnableAccount, Grondslag.Application.Accounts.EnableAccount>();
        services.AddScoped<Grondslag.Application.Accounts.IIssueTaxiiClient, Grondslag.Application.Accounts.IssueTaxiiClient>();
        services.AddScoped<Grondslag.Application.Accounts.IRevokeTaxiiClient, Grondslag.Application.Accounts.RevokeTaxiiClient>();
        services.AddScoped<Grondslag.Application.Accounts.IAccountQueries, Grondslag.Application.Accounts.AccountQueries>();
        services.AddScoped<Grondslag.Application.Accounts.ISetAccountEmail, Grondslag.Application.Accounts.SetAccountEmail>();
        services.AddScoped<ICloseCase, CloseCase>();
        services.AddScoped<IShareAddresses, ShareAddresses>();
        services.AddScoped<ExportShareAddresses>();

        services.AddScoped<ICaseQueries, CaseQueries>();
        services.AddScoped<Grondslag.Application.Delivery.IDeliveryQueries, Grondslag.Storage.Delivery.EfDeliveryQueries>();
        services.AddScoped<IRecordAccountEvent, RecordAccountEvent>();
        services.AddScoped<Grondslag.Application.Review.IBreachRegister, Grondslag.Storage.Review.EfBreachRegister>();
        services.AddScoped<Grondslag.Application.Review.IReviewDisclosures, Grondslag.Application.Review.ReviewDisclosures>();
        services.AddScoped<Grondslag.Application.Review.IOpenBreach, Grondslag.Application.Review.OpenBreach>();
        services.AddScoped<Grondslag.Application.Review.IConfirmDeletion, Grondslag.Application.Review.ConfirmDeletion>();
        services.AddScoped<Grondslag.Application.Review.IRecordNotification, Grondslag.Application.Review.RecordNotification>();
        services.AddScoped<Grondslag.Application.Review.IDecideNotToNotify, Grondslag.Application.Review.DecideNotToNotify>();
        services.AddScoped<Grondslag.Application.Review.ICompareRegimes, Grondslag.Application.Review.CompareRegimes>();
        services.AddGrondslagTaxii(configuration);
        NotificationComposition.AddStaffNotifications(services);

        // Accounts: local Identity accounts in the same database; bearer tokens for the API.
        // Password policy: length and the common-password list, no composition rules (PasswordPolicy). No account
        // lockout on failures (anyone could lock out staff at will): SignInThrottle slows guessing per source instead;
        // the lockout end date only marks an account an administrator disabled.
        services.AddIdentityCore<IdentityUser>(o =>
            {
                o.Password.RequiredLength = Accounts.PasswordPolicy.MinimumLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = false;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<GrondslagDbContext>()
            .AddSignInManager()
            .AddPasswordValidator<Accounts.CommonPasswordValidator>();
        services.AddSingleton<Accounts.SignInThrottle>();
        services.AddScoped<Accounts.AccountSignIn>();

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

        // Brotli or gzip for pages, JSON, TAXII and the assets (see docs/decisions.md, "Response compression", on BREACH).
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            o.MimeTypes = [.. Microsoft.AspNetCore.ResponseCompression.ResponseCompressionDefaults.MimeTypes,
                "application/problem+json", "application/taxii+json", "application/stix+json", "image/svg+xml"];
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<Web.BrowserExceptionHandler>();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<TransientFailureHandler>();
        services.AddExceptionHandler<ActionableExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        services.AddOpenApi();
        // Web forms: no form value longer than 64 KiB, at most 256 of them (the API's bounds are InputLimits).
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o =>
        {
            o.ValueLengthLimit = 64 * 1024;
            o.ValueCountLimit = 256;
            o.KeyLengthLimit = 256;
        });
        var maxUpload = configuration.GetValue<long?>(ServerKeys.UploadMaxBytes) ?? ServerKeys.DefaultUploadMaxBytes;
        // A file chosen on a page arrives as a form part (buffered to disk by ASP.NET Core above 64 KiB): same bound as the API.
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = Math.Max(maxUpload, 1 << 20) + (1 << 16));
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = Math.Max(maxUpload, 1 << 20) + (1 << 16));
        builder.AddGrondslagWeb();
        return builder;
    }

    /// <summary>
    /// The web assets (CSS, scripts) are published beside the server's assembly; started from another folder the
    /// content root is that folder and has no <c>wwwroot</c>, so the assets come from beside the assembly instead.
    /// </summary>
    private static void UsePublishedWebRoot(IWebHostEnvironment environment)
    {
        var configured = environment.WebRootPath;
        if (!string.IsNullOrEmpty(configured) && Directory.Exists(configured))
        {
            return;
        }

        var published = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(published))
        {
            environment.WebRootPath = published;
            environment.WebRootFileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(published);
        }
    }

    /// <summary>Creates the database, the roles, and on first run an administrator with a one-time password printed once.</summary>
    public static async Task InitializeGrondslagAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var storage = app.Services.GetRequiredService<StorageOptions>();
        await GrondslagDatabase.InitializeAsync(storage, ServerKeys.MigrationStorage(app.Configuration, storage)).ConfigureAwait(false);
        await using var scope = app.Services.CreateAsyncScope();
        await ActivationStartup.PinAsync(scope.ServiceProvider, app.Logger).ConfigureAwait(false);
        await app.Services.GetRequiredService<AddressData>().PrepareAsync(CancellationToken.None).ConfigureAwait(false);
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
        await Accounts.OneTimePasswords.IssueAsync(users, user).ConfigureAwait(false);
        await scope.ServiceProvider.GetRequiredService<IRecordAccountEvent>()
            .ExecuteAsync("account.bootstrap", new Actor("system", Role.Administrator), name, new JsonObject { ["roles"] = new JsonArray("administrator") }).ConfigureAwait(false);
        // Deliberately the console, not the log: the password must not end up in log storage. Shown this once only.
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Grondslag first run: created administrator '{name}' with one-time password: {password}"));
        Console.Out.WriteLine("Sign in and change it (web: /password; API: POST /api/auth/sign-in with newPassword); it is not stored in clear and will not be shown again.");
        await Console.Out.FlushAsync().ConfigureAwait(false);
    }

    public static WebApplication UseGrondslagServer(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseResponseCompression();
        app.UseExceptionHandler();
        // A person's browser gets an HTML page in its language; every other caller problem details (as before).
        app.UseStatusCodePages(async status =>
        {
            var context = status.HttpContext;
            if (BrowserErrors.IsBrowser(context))
            {
                await BrowserErrors.WriteAsync(context, context.Response.StatusCode).ConfigureAwait(false);
                return;
            }

            var problems = context.RequestServices.GetRequiredService<Microsoft.AspNetCore.Http.IProblemDetailsService>();
            if (!await problems.TryWriteAsync(new Microsoft.AspNetCore.Http.ProblemDetailsContext { HttpContext = context, ProblemDetails = { Status = context.Response.StatusCode } }).ConfigureAwait(false))
            {
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"Status Code: {context.Response.StatusCode}")).ConfigureAwait(false);
            }
        });
        app.UseRequestBodyLimits();
        app.UseActivationFollowing();
        app.UseBrowserUploadLimit(app.Configuration.GetValue<long?>(ServerKeys.UploadMaxBytes) ?? ServerKeys.DefaultUploadMaxBytes);
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
        app.UseSessionValidation();
        app.UseOneTimePasswordGuard();
        // Before authorisation: TAXII's key derivation happens there, so a client over its limit never reaches it.
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapGrondslagEndpoints();
        app.MapGrondslagWeb();
        app.MapGroup("").AddEndpointFilterFactory(InputLimits.Filter).MapTaxii();
        return app;
    }

    /// <summary>A fully random one-time password (see <see cref="Accounts.PasswordPolicy.NewOneTimePassword"/>); single use, then changed.</summary>
    internal static string OneTimePassword() => Accounts.PasswordPolicy.NewOneTimePassword();

    private static void MapGrondslagEndpoints(this WebApplication app)
    {
        // One group without a prefix, so every endpoint gets the input bounds (InputLimits) without each declaring them.
        var api = app.MapGroup("").AddEndpointFilterFactory(InputLimits.Filter);
        AuthEndpoints.Map(api);
        CaseEndpoints.Map(api);
        RecipientEndpoints.Map(api);
        AdminEndpoints.Map(api);
        AuditEndpoints.Map(api);
        ActivationEndpoints.Map(api);
        BreachEndpoints.Map(api);
        Grondslag.Server.Endpoints.WellKnownEndpoints.Map(app);
    }

    internal static RouteHandlerBuilder Roles(this RouteHandlerBuilder endpoint, params Role[] roles) =>
        endpoint.RequireAuthorization(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(roles.Select(r => r.ToWire())).Build());
}
