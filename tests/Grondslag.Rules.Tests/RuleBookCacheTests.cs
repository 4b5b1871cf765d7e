using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Grondslag.Rules.Tests;

/// <summary>
/// The validated-rule-book cache: an unchanged rule set is not validated again, and no changed or invalid file is
/// ever let through — with the cache, every load ends exactly as the full validation would.
/// </summary>
public sealed class RuleBookCacheTests : IDisposable
{
    private readonly string _dir = Testing.RepositoryRoot.CopyOfRules();
    private readonly string _cacheDir = Directory.CreateTempSubdirectory("grondslag-rule-cache-").FullName;

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        Directory.Delete(_cacheDir, recursive: true);
    }

    private RuleBookCache Cache => new(_cacheDir);

    [Fact]
    public void Load_ValidBook_IsRecordedAndTheSecondLoadGivesTheSameBook()
    {
        var first = RuleBookLoader.Load(_dir, null, null, Cache);
        var key = RuleBookCache.KeyOf(RuleBookCache.Snapshot(_dir));

        var second = RuleBookLoader.Load(_dir, null, null, Cache);

        Assert.Equal<string>(first.Proofs, Cache.Validated(key)!.Value);
        Assert.Equal(first.Sha256, second.Sha256);
        Assert.Equal<string>(first.Proofs, second.Proofs);
        Assert.Equal(RuleBookLoader.Load(_dir).Sha256, second.Sha256);
        Assert.Equal(
            first.Regimes.Concat(first.Overlays).SelectMany(s => s.Rules).Select(r => (r.Id, r.Outcome)),
            second.Regimes.Concat(second.Overlays).SelectMany(s => s.Rules).Select(r => (r.Id, r.Outcome)));
    }

    [Fact]
    public void Load_RecordedKey_SkipsTheValidation()
    {
        // An entry for exactly these bytes is trusted: its proofs are used, nothing is proved again.
        var key = RuleBookCache.KeyOf(RuleBookCache.Snapshot(_dir));
        Cache.Record(key, ["recorded proof"]);

        var book = RuleBookLoader.Load(_dir, null, null, Cache);

        Assert.Equal<string>(["recorded proof"], book.Proofs);
    }

    [Fact]
    public void Load_FileMadeInvalidAfterCaching_IsValidatedInFullAndRefused()
    {
        RuleBookLoader.Load(_dir, null, null, Cache);
        Edit("wbni.yaml", "    outcome: prohibited\n    alternatives: [aggregate-only, authorised-party, await-regime, seek-advice]",
            "    outcome: prohibited\n    priority: 3\n    alternatives: [aggregate-only, authorised-party, await-regime, seek-advice]");

        var error = Assert.Single(Assert.Throws<RuleBookException>(() => RuleBookLoader.Load(_dir, null, null, Cache)).Errors);

        Assert.Equal("wbni.yaml", error.File);
        Assert.Equal("priority", error.Field);
    }

    [Fact]
    public void Load_ScenarioMadeInvalidAfterCaching_IsValidatedInFullAndRefused()
    {
        RuleBookLoader.Load(_dir, null, null, Cache);
        foreach (var scenario in Directory.EnumerateFiles(Path.Combine(_dir, Scenarios.Folder), "*.yaml"))
        {
            File.Delete(scenario);
        }

        var errors = Assert.Throws<RuleBookException>(() => RuleBookLoader.Load(_dir, null, null, Cache)).Errors;

        Assert.Contains(errors, e => e.Field == "(scenarios)");
    }

    [Fact]
    public void Load_InvalidBook_IsNeverRecorded()
    {
        Edit("cbw.yaml", "  en: Cbw (Cyberbeveiligingswet, NIS2)", "  en: \"Cbw (Cyberbeveiligingswet");

        Assert.Throws<RuleBookException>(() => RuleBookLoader.Load(_dir, null, null, Cache));
        Assert.Throws<RuleBookException>(() => RuleBookLoader.Load(_dir, null, null, Cache));

        Assert.Empty(Directory.EnumerateFiles(_cacheDir));
    }

    [Fact]
    public void Validated_DamagedOrForeignEntry_IsNoEntry()
    {
        var key = RuleBookCache.KeyOf(RuleBookCache.Snapshot(_dir));
        var other = new string('0', 64);
        Cache.Record(other, ["proof"]);
        File.Copy(Path.Combine(_cacheDir, $"{other}.validated"), Path.Combine(_cacheDir, $"{key}.validated"));

        Assert.Null(Cache.Validated(key));
        File.WriteAllText(Path.Combine(_cacheDir, $"{other}.validated"), $"grondslag validated rule book v1\n{other}\nproof\n");
        Assert.Null(Cache.Validated(other));
    }

    [Fact]
    public void KeyOf_AnyFileUnderTheFolderChanged_ChangesTheKey()
    {
        var before = RuleBookCache.KeyOf(RuleBookCache.Snapshot(_dir));
        foreach (var path in Directory.EnumerateFiles(_dir, "*", SearchOption.AllDirectories).ToList())
        {
            var bytes = File.ReadAllBytes(path);
            File.AppendAllText(path, " ");
            Assert.NotEqual(before, RuleBookCache.KeyOf(RuleBookCache.Snapshot(_dir)));
            File.WriteAllBytes(path, bytes);
        }

        Assert.Equal(before, RuleBookCache.KeyOf(RuleBookCache.Snapshot(_dir)));
    }

    /// <summary>
    /// The property: with a warm cache (the original book recorded), any one-byte change to any rule file loads
    /// exactly as a full validation of the changed files does — the same errors, or the same book.
    /// </summary>
    [Property(MaxTest = 12)]
    public Property Load_AnyByteChangedWithWarmCache_EndsAsTheFullValidation()
    {
        var files = Directory.EnumerateFiles(_dir, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var edits = from file in Gen.Elements(files)
                    from position in Gen.Choose(0, (int)new FileInfo(file).Length - 1)
                    from replacement in Gen.Elements((byte)'x', (byte)' ', (byte)'\n', (byte)':', (byte)'-', (byte)'1')
                    select (file, position, replacement);
        return Prop.ForAll(edits.ToArbitrary(), edit =>
        {
            RuleBookLoader.Load(_dir, null, null, Cache); // warm: the unchanged book is recorded
            var original = File.ReadAllBytes(edit.file);
            try
            {
                var changed = (byte[])original.Clone();
                changed[edit.position] = edit.replacement;
                File.WriteAllBytes(edit.file, changed);
                return Outcome(() => RuleBookLoader.Load(_dir, null, null, Cache)) == Outcome(() => RuleBookLoader.Load(_dir));
            }
            finally
            {
                File.WriteAllBytes(edit.file, original);
            }
        });
    }

    private static string Outcome(Func<Domain.Law.RuleBook> load)
    {
        try
        {
            var book = load();
            return $"valid {book.Sha256}";
        }
        catch (RuleBookException e)
        {
            return "invalid " + string.Join("\n", e.Errors.Select(x => $"{x.File}:{x.Line}:{x.RuleId}:{x.Field}:{x.Message}"));
        }
    }

    private void Edit(string file, string from, string to)
    {
        var path = Path.Combine(_dir, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }
}
