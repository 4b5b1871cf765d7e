using Grondslag.Domain.Cases;
using Microsoft.AspNetCore.Authorization;

namespace Grondslag.Server.Web;

/// <summary>
/// The web UI: Razor Pages rendered on the server, signed in with a cookie of its own scheme (the API keeps its
/// bearer tokens and never accepts the cookie, so the API cannot be driven cross-site), antiforgery on every form,
/// and a strict Content-Security-Policy (no inline script or style).
/// </summary>
public static class WebComposition
{
    /// <summary>The UI's cookie scheme; separate from the API's bearer scheme.</summary>
    public const string Scheme = "Grondslag.Web";

    /// <summary>Who may see the web UI's internal pages at all (everyone but recipient machines).</summary>
    public const string Staff = "web-staff";

    public const string CaseWorkers = "web-case-workers";

    public const string Analysts = "web-analysts";

    public const string Advisers = "web-advisers";

    public const string Auditors = "web-auditors";

    public const string Administrators = "web-administrators";

    /// <summary>Who may read the breach register (the writers and the auditor).</summary>
    public const string Breaches = "web-breaches";

    /// <summary>Who may review, open and follow up a breach (as the API's breach endpoints).</summary>
    public static readonly IReadOnlyList<Role> BreachWriters = [Role.DecisionMaker, Role.DutyOfficer, Role.LegalAdviser];

    /// <summary>Who may withdraw a released share (as the API).</summary>
    public static readonly IReadOnlyList<Role> Withdrawers = [Role.DutyOfficer, Role.DecisionMaker];

    /// <summary>The signed-in person acting in the first of <paramref name="roles"/> they hold, or null.</summary>
    public static Actor? ActorOf(System.Security.Claims.ClaimsPrincipal user, IEnumerable<Role> roles)
    {
        ArgumentNullException.ThrowIfNull(user);
        foreach (var role in roles ?? [])
        {
            if (user.IsInRole(role.ToWire()) && user.Identity?.Name is { } name)
            {
                return new Actor(name, role);
            }
        }

        return null;
    }

    /// <summary>The policy for pages with no user data and no actions (sign-in, glossary).</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static WebApplicationBuilder AddGrondslagWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.LoginPath = "/sign-in";
            o.LogoutPath = "/sign-out";
            o.AccessDeniedPath = "/forbidden";
            o.Cookie.Name = "grondslag";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // Security stamp on every request: sign-out, a password change or disabling ends the cookie at once.
            o.Events.OnValidatePrincipal = Accounts.SessionValidation.ValidateCookieAsync;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(Staff, Policy(Role.Analyst, Role.DutyOfficer, Role.LegalAdviser, Role.NctvAdviser, Role.DecisionMaker, Role.Auditor, Role.Administrator))
            .AddPolicy(CaseWorkers, Policy(Role.Analyst, Role.DutyOfficer, Role.DecisionMaker))
            .AddPolicy(Analysts, Policy(Role.Analyst))
            .AddPolicy(Advisers, Policy(Role.LegalAdviser, Role.NctvAdviser))
            .AddPolicy(Auditors, Policy(Role.Auditor))
            .AddPolicy(Administrators, Policy(Role.Administrator, Role.Auditor))
            .AddPolicy(Breaches, Policy(Role.DecisionMaker, Role.DutyOfficer, Role.LegalAdviser, Role.Auditor));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "grondslag-af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.HeaderName = null;
        });
        services.AddGrondslagLocalisation();
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Web/Pages";
            o.Conventions.AuthorizeFolder("/", Staff);
            o.Conventions.AllowAnonymousToPage("/SignIn");
            o.Conventions.AllowAnonymousToPage("/Forbidden");
            o.Conventions.AllowAnonymousToPage("/Glossary");
            // These two check the cookie themselves: a session restricted to changing its one-time password holds no role.
            o.Conventions.AllowAnonymousToPage("/Password");
            o.Conventions.AllowAnonymousToPage("/SignOut");
            o.Conventions.AllowAnonymousToPage("/Language");
            o.Conventions.AllowAnonymousToPage("/Error");
        }).AddViewLocalization();
        services.AddScoped<CaseReader>();
        services.AddSingleton<Submissions>();
        return builder;
    }

    /// <summary>Static files, the UI's security headers, and the pages. Call after the API is mapped.</summary>
    public static WebApplication MapGrondslagWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                // The API's answer is "default-src 'none'"; pages need their own stylesheet and script, nothing inline.
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
            }

            await next(context).ConfigureAwait(false);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            // The layout links every asset with its content hash (asp-append-version: ?v=…), so a versioned URL never
            // changes content and may be kept for a year; an unversioned request revalidates (ETag) every time.
            OnPrepareResponse = asset => asset.Context.Response.Headers.CacheControl =
                asset.Context.Request.Query.ContainsKey("v") ? "public, max-age=31536000, immutable" : "no-cache",
        });
        app.UseRequestLocalization();
        app.MapRazorPages();
        return app;
    }

    private static AuthorizationPolicy Policy(params Role[] roles) =>
        new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().RequireRole(roles.Select(r => r.ToWire())).Build();
}
