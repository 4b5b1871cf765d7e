namespace Grondslag.Attribution.Data;

/// <summary>
/// The one home of a Grondslag installation, shared by the CLI (<c>grondslag audit</c>, <c>data</c>, <c>serve</c>,
/// <c>admin</c>) and the server: the embedded SQLite database (<c>grondslag.db</c>), the audit signing key
/// (<c>keys/</c>), the witness copies (<c>witness/</c>), the server's OpenPGP key (<c>openpgp/</c>) and, unless
/// <c>GRONDSLAG_DATA</c> says otherwise, the pinned address data. <c>$GRONDSLAG_HOME</c>, else
/// <c>$XDG_DATA_HOME/grondslag</c>, else <c>~/.local/share/grondslag</c>; never the current folder, so every
/// command finds the same key and database wherever it is started.
/// </summary>
public static class GrondslagHome
{
    public const string EnvironmentVariable = "GRONDSLAG_HOME";

    /// <summary>Resolves the home; <paramref name="explicitPath"/> (an option or configuration value) wins.</summary>
    public static string Resolve(string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Path.GetFullPath(explicitPath);
        }

        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return Path.GetFullPath(fromEnvironment);
        }

        return Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? Path.Combine(Path.GetFullPath(xdg), "grondslag")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "grondslag");
    }
}
