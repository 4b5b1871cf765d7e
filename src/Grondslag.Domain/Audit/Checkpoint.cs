using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Grondslag.Domain.Audit;

/// <summary>
/// A C2SP tlog-checkpoint: the log's origin, its tree size and root hash at one moment, and
/// optional extension lines. This is the text a signed note signs; see <see cref="SignedNote"/>.
/// </summary>
public sealed record Checkpoint
{
    public Checkpoint(string origin, ulong size, ReadOnlySpan<byte> rootHash, IEnumerable<string>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(origin);
        if (ValidateLine(origin, "origin") is { } originError)
        {
            throw new ArgumentException(originError, nameof(origin));
        }

        if (rootHash.Length != MerkleHasher.HashSize)
        {
            throw new ArgumentException($"The root hash is {rootHash.Length} bytes, not {MerkleHasher.HashSize}.", nameof(rootHash));
        }

        var lines = (extensions ?? []).ToImmutableArray();
        foreach (var line in lines)
        {
            if (ValidateLine(line, "extension line") is { } lineError)
            {
                throw new ArgumentException(lineError, nameof(extensions));
            }
        }

        Origin = origin;
        Size = size;
        RootHash = [.. rootHash];
        Extensions = lines;
    }

    /// <summary>The log's unique name, e.g. "ncsc.nl/grondslag/audit".</summary>
    public string Origin { get; }

    /// <summary>Number of entries in the tree.</summary>
    public ulong Size { get; }

    /// <summary>RFC 9162 root hash of the first <see cref="Size"/> entries.</summary>
    public ImmutableArray<byte> RootHash { get; }

    /// <summary>Further lines, in order; readers ignore those they do not know.</summary>
    public ImmutableArray<string> Extensions { get; }

    /// <summary>The checkpoint body: origin, size, base64 root, extension lines, each ending in a newline.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        text.Append(Origin).Append('\n');
        text.Append(Size.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append(Convert.ToBase64String(RootHash.AsSpan())).Append('\n');
        foreach (var line in Extensions)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Parses a checkpoint body strictly; anything not in the one canonical form is rejected.</summary>
    public static ParseResult<Checkpoint> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.EndsWith('\n'))
        {
            return ParseResult<Checkpoint>.Failure("A checkpoint must end with a newline.");
        }

        var lines = text[..^1].Split('\n');
        if (lines.Length < 3)
        {
            return ParseResult<Checkpoint>.Failure($"A checkpoint has at least three lines (origin, size, root hash); this one has {lines.Length}.");
        }

        if (ValidateLine(lines[0], "origin") is { } originError)
        {
            return ParseResult<Checkpoint>.Failure(originError);
        }

        var sizeText = lines[1];
        if (sizeText.Length == 0 || !sizeText.All(char.IsAsciiDigit) || (sizeText.Length > 1 && sizeText[0] == '0')
            || !ulong.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            return ParseResult<Checkpoint>.Failure($"Line 2, the tree size, must be a decimal number without sign or leading zeros that fits 64 bits; found \"{sizeText}\".");
        }

        if (!StrictBase64.TryDecode(lines[2], out var root) || root.Length != MerkleHasher.HashSize)
        {
            return ParseResult<Checkpoint>.Failure($"Line 3, the root hash, must be {MerkleHasher.HashSize} bytes in canonical padded base64; found \"{lines[2]}\".");
        }

        for (var i = 3; i < lines.Length; i++)
        {
            if (ValidateLine(lines[i], $"extension line {i + 1}") is { } lineError)
            {
                return ParseResult<Checkpoint>.Failure(lineError);
            }
        }

        return ParseResult<Checkpoint>.Success(new Checkpoint(lines[0], size, root, lines[3..]));
    }

    /// <summary>
    /// Opens a checkpoint received from elsewhere: the note must verify against
    /// <paramref name="knownKeys"/>, its body must parse, and its origin must be the one expected.
    /// </summary>
    public static ParseResult<Checkpoint> OpenSigned(string signedNote, string expectedOrigin, IEnumerable<INoteVerifier> knownKeys)
    {
        var verification = SignedNote.Open(signedNote, knownKeys);
        if (!verification.IsVerified || verification.Text is null)
        {
            return ParseResult<Checkpoint>.Failure($"The checkpoint's signature does not hold: {verification.Explanation}");
        }

        var parsed = Parse(verification.Text);
        if (!parsed.IsSuccess)
        {
            return parsed;
        }

        return string.Equals(parsed.Value.Origin, expectedOrigin, StringComparison.Ordinal)
            ? parsed
            : ParseResult<Checkpoint>.Failure($"The checkpoint is for log \"{parsed.Value.Origin}\", not \"{expectedOrigin}\".");
    }

    public bool Equals(Checkpoint? other) =>
        other is not null
        && string.Equals(Origin, other.Origin, StringComparison.Ordinal)
        && Size == other.Size
        && RootHash.AsSpan().SequenceEqual(other.RootHash.AsSpan())
        && Extensions.SequenceEqual(other.Extensions, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Origin, Size, BitConverter.ToInt32(RootHash.AsSpan()));

    public override string ToString() => $"{Origin} @ {Size.ToString(CultureInfo.InvariantCulture)}: {Convert.ToBase64String(RootHash.AsSpan())}";

    private static string? ValidateLine(string line, string what)
    {
        if (line.Length == 0)
        {
            return $"The {what} must not be empty.";
        }

        foreach (var c in line)
        {
            if (char.IsControl(c))
            {
                return $"The {what} must not contain control characters (found U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)}).";
            }
        }

        return null;
    }
}
