using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Microsoft.AspNetCore.Identity;

namespace Grondslag.Server.Accounts;

/// <summary>What a sign-in attempt came to.</summary>
public enum SignInVerdict
{
    /// <summary>Signed in; the principal may be restricted to changing a one-time password.</summary>
    Succeeded,

    /// <summary>Unknown name, wrong password, disabled account or used one-time password: one answer for all.</summary>
    Failed,

    /// <summary>Too many failures from this source: wait <see cref="SignInAttempt.RetryAfter"/>.</summary>
    Throttled,

    /// <summary>The user name or password is longer than any account's: refused before lookup, hashing or logging.</summary>
    TooLong,

    /// <summary>The password was right, but the new password given with it does not meet the policy.</summary>
    NewPasswordRefused,
}

/// <summary>The outcome of a sign-in attempt; <see cref="Principal"/> only when it succeeded.</summary>
public sealed record SignInAttempt(SignInVerdict Verdict, ClaimsPrincipal? Principal, TimeSpan RetryAfter, string? Detail = null);

/// <summary>
/// Signing in with a local account, for the API and the web UI alike. The same answer, and the same work, for known and
/// unknown names (an unknown name is checked against a dummy hash); throttled per source, never by locking the account;
/// a one-time password signs in once, to a session that may only change it (or changes it in the same request).
/// Failures are audited with a bounded name: at most <see cref="LoggedNameLength"/> characters and the SHA-256 of the whole.
/// </summary>
public sealed class AccountSignIn(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn, SignInThrottle throttle, IRecordAccountEvent record, TimeProvider time)
{
    /// <summary>Longest user name an account may have (Identity's column is 256).</summary>
    public const int MaxUserName = 256;

    public const int LoggedNameLength = 64;

    // Verified for unknown names, so they cost what a known name costs.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<IdentityUser>().HashPassword(new IdentityUser("dummy"), PasswordPolicy.NewOneTimePassword()));

    public async Task<SignInAttempt> TryAsync(string? userName, string? password, string? newPassword, string source, string via, CancellationToken cancellationToken)
    {
        var name = userName?.Trim() ?? "";
        var secret = password ?? "";
        if (name.Length > MaxUserName || secret.Length > PasswordPolicy.MaximumLength || (newPassword?.Length ?? 0) > PasswordPolicy.MaximumLength)
        {
            await AuditFailureAsync(name, via, "too-long", known: null, cancellationToken).ConfigureAwait(false);
            return new SignInAttempt(SignInVerdict.TooLong, null, TimeSpan.Zero,
                $"The user name may have at most {MaxUserName} characters and a password at most {PasswordPolicy.MaximumLength}.");
        }

        var wait = throttle.RetryAfter(source, name);
        if (wait > TimeSpan.Zero)
        {
            await AuditFailureAsync(name, via, "throttled", known: null, cancellationToken).ConfigureAwait(false);
            return new SignInAttempt(SignInVerdict.Throttled, null, wait);
        }

        var user = name.Length == 0 ? null : await users.FindByNameAsync(name).ConfigureAwait(false);
        bool matches;
        if (user is null)
        {
            _ = users.PasswordHasher.VerifyHashedPassword(new IdentityUser(), DummyHash.Value, secret);
            matches = false;
        }
        else
        {
            matches = await users.CheckPasswordAsync(user, secret).ConfigureAwait(false);
        }

        var disabled = user is not null && await users.IsLockedOutAsync(user).ConfigureAwait(false);
        var oneTime = user is null ? null : await OneTimePasswords.StateAsync(users, user).ConfigureAwait(false);
        if (!matches || disabled || user is null || oneTime == OneTimePasswords.Used)
        {
            throttle.Failed(source, name);
            var why = user is null ? "unknown-user" : !matches ? "wrong-password" : disabled ? "disabled" : "one-time-password-used";
            await AuditFailureAsync(name, via, why, known: user is not null, cancellationToken).ConfigureAwait(false);
            return new SignInAttempt(SignInVerdict.Failed, null, TimeSpan.Zero);
        }

        throttle.Succeeded(source, name);
        if (oneTime == OneTimePasswords.Issued)
        {
            if (!string.IsNullOrEmpty(newPassword))
            {
                var changed = await users.ChangePasswordAsync(user, secret, newPassword).ConfigureAwait(false);
                if (!changed.Succeeded)
                {
                    return new SignInAttempt(SignInVerdict.NewPasswordRefused, null, TimeSpan.Zero, string.Join(" ", changed.Errors.Select(e => e.Description)));
                }

                await OneTimePasswords.ClearAsync(users, user).ConfigureAwait(false);
                await record.ExecuteAsync("account.password-changed", new Actor(user.UserName!, Role.Recipient), user.UserName!, new JsonObject { ["via"] = via, ["oneTimePassword"] = true }, cancellationToken).ConfigureAwait(false);
                user = await users.FindByIdAsync(user.Id).ConfigureAwait(false) ?? user;
            }
            else
            {
                // Single use: from now on this password only counts as the current one when changing it.
                await OneTimePasswords.MarkUsedAsync(users, user).ConfigureAwait(false);
            }
        }
        else if (!string.IsNullOrEmpty(newPassword))
        {
            var changed = await users.ChangePasswordAsync(user, secret, newPassword).ConfigureAwait(false);
            if (!changed.Succeeded)
            {
                return new SignInAttempt(SignInVerdict.NewPasswordRefused, null, TimeSpan.Zero, string.Join(" ", changed.Errors.Select(e => e.Description)));
            }

            user = await users.FindByIdAsync(user.Id).ConfigureAwait(false) ?? user;
        }

        var principal = await signIn.CreateUserPrincipalAsync(user).ConfigureAwait(false);
        return new SignInAttempt(SignInVerdict.Succeeded, principal, TimeSpan.Zero);
    }

    /// <summary>A user name as the audit log keeps it: its first characters (control characters replaced) and the hash of all of it.</summary>
    public static string Bounded(string name)
    {
        if (name.Length == 0)
        {
            return "(none)";
        }

        var shown = new StringBuilder(Math.Min(name.Length, LoggedNameLength));
        foreach (var c in name.Take(LoggedNameLength))
        {
            shown.Append(char.IsControl(c) || char.IsSurrogate(c) ? '\uFFFD' : c);
        }

        return name.Length <= LoggedNameLength && shown.ToString() == name
            ? name
            : $"{shown}… (sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..16]}, {name.Length} chars)";
    }

    private Task AuditFailureAsync(string name, string via, string reason, bool? known, CancellationToken cancellationToken)
    {
        var bounded = Bounded(name);
        return record.ExecuteAsync("auth.sign-in-failed", new Actor(bounded, Role.Recipient), bounded, new JsonObject
        {
            ["knownUser"] = known,
            ["reason"] = reason,
            ["via"] = via,
            ["at"] = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        }, cancellationToken);
    }
}

/// <summary>
/// One-time passwords as a claim on the account: "issued" when an administrator (or the first run) set it, "used" after
/// the first sign-in with it; removed when the person chooses their own password. A session with the claim may only
/// change the password or sign out.
/// </summary>
public static class OneTimePasswords
{
    public const string Claim = "grondslag:one-time-password";

    public const string Issued = "issued";

    public const string Used = "used";

    public static async Task<string?> StateAsync(UserManager<IdentityUser> users, IdentityUser user)
    {
        ArgumentNullException.ThrowIfNull(users);
        return (await users.GetClaimsAsync(user).ConfigureAwait(false)).FirstOrDefault(c => c.Type == Claim)?.Value;
    }

    public static Task<IdentityResult> IssueAsync(UserManager<IdentityUser> users, IdentityUser user)
    {
        ArgumentNullException.ThrowIfNull(users);
        return users.AddClaimAsync(user, new Claim(Claim, Issued));
    }

    public static async Task MarkUsedAsync(UserManager<IdentityUser> users, IdentityUser user)
    {
        ArgumentNullException.ThrowIfNull(users);
        await users.ReplaceClaimAsync(user, new Claim(Claim, Issued), new Claim(Claim, Used)).ConfigureAwait(false);
    }

    public static async Task ClearAsync(UserManager<IdentityUser> users, IdentityUser user)
    {
        ArgumentNullException.ThrowIfNull(users);
        foreach (var claim in (await users.GetClaimsAsync(user).ConfigureAwait(false)).Where(c => c.Type == Claim).ToList())
        {
            await users.RemoveClaimAsync(user, claim).ConfigureAwait(false);
        }
    }

    /// <summary>Whether the signed-in principal still has to replace a one-time password.</summary>
    public static bool MustChange(ClaimsPrincipal principal) => principal?.HasClaim(c => c.Type == Claim) ?? false;
}
