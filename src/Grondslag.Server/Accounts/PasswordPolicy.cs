using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Grondslag.Server.Accounts;

/// <summary>
/// The password policy: at least <see cref="MinimumLength"/> characters, at most <see cref="MaximumLength"/>, and not
/// a common password — neither one on the shipped list (<c>common-passwords.txt</c>, 20,000 entries) nor one of its
/// words dressed up with capitals, digits or symbols around it and the usual letter substitutions
/// (<c>Password1234!</c>, <c>W3lkom2024</c>). No composition rules beyond that (NIST SP 800-63B).
/// </summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 12;

    /// <summary>Longer input is refused before any hashing (a key derivation over megabytes costs the server).</summary>
    public const int MaximumLength = 256;

    private static readonly Lazy<FrozenSet<string>> Common = new(Load);

    /// <summary>Whether the password is common or a decorated common word.</summary>
    public static bool IsCommon(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var lower = password.Trim().ToLowerInvariant();
        if (Common.Value.Contains(lower))
        {
            return true;
        }

        var core = Core(lower);
        return core.Length == 0 || Common.Value.Contains(core) || Common.Value.Contains(Unleet(core)) || Common.Value.Contains(Core(Unleet(lower)));
    }

    /// <summary>One-time passwords: 24 characters drawn uniformly from 54 without look-alikes (about 138 bits), nothing fixed.</summary>
    public static string NewOneTimePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
        return new string(RandomNumberGenerator.GetItems<char>(alphabet, 24));
    }

    // The word without digits and symbols before and after it.
    private static string Core(string lower)
    {
        var start = 0;
        var end = lower.Length;
        while (start < end && !char.IsLetter(lower[start]))
        {
            start++;
        }

        while (end > start && !char.IsLetter(lower[end - 1]))
        {
            end--;
        }

        return lower[start..end];
    }

    private static string Unleet(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            result.Append(c switch
            {
                '0' => 'o',
                '1' or '!' or '|' => 'i',
                '3' => 'e',
                '4' or '@' => 'a',
                '5' or '$' => 's',
                '7' or '+' => 't',
                '8' => 'b',
                '9' => 'g',
                _ => c,
            });
        }

        return result.ToString();
    }

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("Grondslag.Server.Accounts.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is not embedded in the server.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                words.Add(line.Trim());
            }
        }

        return words.ToFrozenSet(StringComparer.Ordinal);
    }
}

/// <summary>Identity's validator for <see cref="PasswordPolicy"/> (length is Identity's own RequiredLength).</summary>
internal sealed class CommonPasswordValidator : IPasswordValidator<IdentityUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<IdentityUser> manager, IdentityUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        var value = password ?? "";
        if (value.Length > PasswordPolicy.MaximumLength)
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "PasswordTooLong", Description = $"Passwords must be at most {PasswordPolicy.MaximumLength} characters." }));
        }

        if (PasswordPolicy.IsCommon(value))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "PasswordCommon", Description = "This password is too common (or a common word with digits or symbols added); choose a longer passphrase of your own." }));
        }

        if (user.UserName is { Length: >= 4 } name && value.Contains(name, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "PasswordContainsUserName", Description = "The password must not contain the user name." }));
        }

        return Task.FromResult(IdentityResult.Success);
    }
}
