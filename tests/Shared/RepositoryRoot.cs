namespace Grondslag.Testing;

/// <summary>The repository's root folder (the one holding Grondslag.slnx), found from a test's output folder.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>
    /// Where tests find the pinned address data: $GRONDSLAG_DATA (./test.sh sets it), else one folder in the
    /// system temp folder shared by every test project (the installer makes concurrent installs safe).
    /// </summary>
    public static string TestDataDirectory =>
        Environment.GetEnvironmentVariable("GRONDSLAG_DATA") is { Length: > 0 } configured
            ? configured
            : System.IO.Path.Combine(System.IO.Path.GetTempPath(), "grondslag-test-data");

    /// <summary>A path under the root, e.g. <c>Combine("rules")</c>.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>A private copy of the rules folder in the system temp folder, for a test that edits rule files.</summary>
    public static string CopyOfRules()
    {
        var copy = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "grondslag-rules-" + Guid.NewGuid().ToString("N"));
        CopyDirectory(Combine("rules"), copy);
        return copy;
    }

    /// <summary>
    /// A copy of the rules folder with one rule edited: the first <paramref name="from"/> after the rule's id in
    /// <paramref name="file"/> becomes <paramref name="to"/> (e.g. a rule set that wrongly permits something).
    /// </summary>
    public static string CopyOfRulesWith(string file, string ruleId, string from, string to)
    {
        var copy = CopyOfRules();
        var path = System.IO.Path.Combine(copy, file);
        var text = File.ReadAllText(path);
        var rule = text.IndexOf("  - id: " + ruleId + "\n", StringComparison.Ordinal);
        var at = rule < 0 ? -1 : text.IndexOf(from, rule, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException($"'{from}' not found after rule {ruleId} in {file}.");
        }

        File.WriteAllText(path, text[..at] + to + text[(at + from.Length)..]);
        return copy;
    }

    /// <summary>
    /// A copy of the rules folder whose country facts wrongly count the given countries as EU member states from
    /// 2018 on: the way to reproduce a wrongly permissive past rule set now that the loader refuses any rule that
    /// gives confidential provider-traceable data outside the art. 20(2) circle (a factual error in data, not a rule).
    /// </summary>
    public static string CopyOfRulesTreatingAsEuMembers(params string[] countries)
    {
        var copy = CopyOfRules();
        var path = System.IO.Path.Combine(copy, "facts", "countries.yaml");
        var text = File.ReadAllText(path);
        var at = text.IndexOf("eu:\n", StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException("No 'eu:' list in facts/countries.yaml.");
        }

        var lines = string.Concat(countries.Select(c => $"  - {{ country: {c}, from: {(c == "GB" ? "2020-02-01" : "2018-01-01")}, reference: \"wrongly treated as a member state (test)\" }}\n"));
        File.WriteAllText(path, text[..(at + 4)] + lines + text[(at + 4)..]);
        return copy;
    }

    /// <summary>Copies a folder and everything under it.</summary>
    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(to, System.IO.Path.GetRelativePath(from, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Grondslag.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (Grondslag.slnx) above " + AppContext.BaseDirectory);
    }
}
