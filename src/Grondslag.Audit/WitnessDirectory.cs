using System.Globalization;
using System.Text;

namespace Grondslag.Audit;

/// <summary>
/// The witness copy of the log's checkpoints: a directory (ideally on another machine or mount) holding
/// <c>checkpoint-&lt;size&gt;.txt</c> per signed checkpoint, written once and never replaced, and
/// <c>latest</c>. Rewriting the database cannot rewrite these.
/// </summary>
public sealed class WitnessDirectory(string path)
{
    public const string LatestFileName = "latest";
    private const string Prefix = "checkpoint-";
    private const string Suffix = ".txt";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>
    /// Writes the signed checkpoint of <paramref name="size"/> unless the same text is already there.
    /// A different text under the same size is never overwritten: that is the evidence of a rewrite.
    /// </summary>
    public void Write(long size, string signedNote)
    {
        ArgumentNullException.ThrowIfNull(signedNote);
        Directory.CreateDirectory(Path);
        var file = FileFor(size);
        if (File.Exists(file))
        {
            var existing = File.ReadAllText(file, Utf8);
            if (!string.Equals(existing, signedNote, StringComparison.Ordinal))
            {
                throw new IOException($"{file} already holds another checkpoint of size {size.ToString(CultureInfo.InvariantCulture)}; the witness copy is not replaced. Run 'grondslag audit verify'.");
            }
        }
        else
        {
            WriteAtomically(file, signedNote, overwrite: false);
        }

        var latest = System.IO.Path.Combine(Path, LatestFileName);
        if (!File.Exists(latest) || LatestSize(latest) < size)
        {
            WriteAtomically(latest, signedNote, overwrite: true);
        }
    }

    /// <summary>The sizes and texts of every witnessed checkpoint, smallest first.</summary>
    public IReadOnlyList<(long Size, string SignedNote)> ReadAll()
    {
        if (!Directory.Exists(Path))
        {
            return [];
        }

        var found = new List<(long, string)>();
        foreach (var file in Directory.EnumerateFiles(Path, Prefix + "*" + Suffix))
        {
            var name = System.IO.Path.GetFileName(file);
            var number = name[Prefix.Length..^Suffix.Length];
            if (long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                found.Add((size, File.ReadAllText(file, Utf8)));
            }
        }

        return [.. found.OrderBy(f => f.Item1)];
    }

    /// <summary>True when a checkpoint of <paramref name="size"/> has been witnessed.</summary>
    public bool Contains(long size) => File.Exists(FileFor(size));

    private string FileFor(long size) => System.IO.Path.Combine(Path, Prefix + size.ToString(CultureInfo.InvariantCulture) + Suffix);

    private static long LatestSize(string latest)
    {
        var lines = File.ReadAllText(latest, Utf8).Split('\n');
        return lines.Length > 1 && long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : -1;
    }

    private static void WriteAtomically(string file, string text, bool overwrite)
    {
        var temporary = file + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temporary, text, Utf8);
        try
        {
            File.Move(temporary, file, overwrite);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
