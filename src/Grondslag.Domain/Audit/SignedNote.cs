using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Grondslag.Domain.Audit;

/// <summary>One signature line of a signed note: key name, key ID and signature bytes.</summary>
public sealed record NoteSignature
{
    public NoteSignature(string keyName, uint keyId, ReadOnlySpan<byte> signature)
    {
        if (!NoteKeys.IsValidName(keyName))
        {
            throw new ArgumentException($"\"{keyName}\" is not a valid key name (non-empty, no spaces, no '+').", nameof(keyName));
        }

        if (signature.IsEmpty)
        {
            throw new ArgumentException("A signature must not be empty.", nameof(signature));
        }

        KeyName = keyName;
        KeyId = keyId;
        Signature = [.. signature];
    }

    public string KeyName { get; }

    public uint KeyId { get; }

    /// <summary>The signature proper, without the four key ID bytes.</summary>
    public ImmutableArray<byte> Signature { get; }

    /// <summary>The line "— name base64(keyID ‖ signature)" with its newline.</summary>
    public string Format()
    {
        var raw = new byte[4 + Signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(raw, KeyId);
        Signature.CopyTo(raw, 4);
        return $"{SignedNote.SignaturePrefix}{KeyName} {Convert.ToBase64String(raw)}\n";
    }

    public bool Equals(NoteSignature? other) =>
        other is not null
        && string.Equals(KeyName, other.KeyName, StringComparison.Ordinal)
        && KeyId == other.KeyId
        && Signature.AsSpan().SequenceEqual(other.Signature.AsSpan());

    public override int GetHashCode() => HashCode.Combine(KeyName, KeyId);
}

/// <summary>
/// A C2SP signed note: text ending in a newline, a blank line, then one or more signature lines.
/// The signatures cover the text including its final newline. Parsing is strict and follows
/// golang.org/x/mod/sumdb/note, the reference implementation.
/// </summary>
public sealed record SignedNote
{
    /// <summary>U+2014 EM DASH and a space: the start of every signature line.</summary>
    public const string SignaturePrefix = "\u2014 ";

    /// <summary>Notes with more signatures than this are refused, so parsing cannot be made to run forever.</summary>
    public const int MaxSignatures = 100;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public SignedNote(string text, IEnumerable<NoteSignature> signatures)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        if (ValidateText(text) is { } error)
        {
            throw new ArgumentException(error, nameof(text));
        }

        Text = text;
        Signatures = [.. signatures];
        if (Signatures.IsEmpty)
        {
            throw new ArgumentException("A signed note needs at least one signature.", nameof(signatures));
        }
    }

    /// <summary>The signed text, ending in a newline.</summary>
    public string Text { get; }

    public ImmutableArray<NoteSignature> Signatures { get; }

    /// <summary>Signs <paramref name="text"/> with every signer, in order.</summary>
    public static SignedNote Sign(string text, IEnumerable<INoteSigner> signers)
    {
        ArgumentNullException.ThrowIfNull(signers);
        if (ValidateText(text) is { } error)
        {
            throw new ArgumentException(error, nameof(text));
        }

        var message = StrictUtf8.GetBytes(text);
        var signatures = signers.Select(s => new NoteSignature(s.Name, s.KeyId, s.Sign(message))).ToList();
        return new SignedNote(text, signatures);
    }

    /// <summary>The note as transmitted: text, blank line, signature lines.</summary>
    public string Format()
    {
        var note = new StringBuilder(Text).Append('\n');
        foreach (var signature in Signatures)
        {
            note.Append(signature.Format());
        }

        return note.ToString();
    }

    /// <summary>Parses a note received as bytes; it must be valid UTF-8.</summary>
    public static ParseResult<SignedNote> Parse(ReadOnlySpan<byte> message)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(message);
        }
        catch (DecoderFallbackException)
        {
            return ParseResult<SignedNote>.Failure("The note is not valid UTF-8.");
        }

        return Parse(text);
    }

    /// <summary>Parses a note strictly, without checking any signature.</summary>
    public static ParseResult<SignedNote> Parse(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!NoteKeys.IsWellFormedUtf16(message))
        {
            return ParseResult<SignedNote>.Failure("The note is not valid Unicode (it has an unpaired surrogate).");
        }

        foreach (var c in message)
        {
            if (c < 0x20 && c != '\n')
            {
                return ParseResult<SignedNote>.Failure($"The note contains the control character U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)}; only newlines are allowed.");
            }
        }

        var split = message.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return ParseResult<SignedNote>.Failure("The note has no blank line before its signatures.");
        }

        var text = message[..(split + 1)];
        var block = message[(split + 2)..];
        if (block.Length == 0 || !block.EndsWith('\n'))
        {
            return ParseResult<SignedNote>.Failure("The signature block must be non-empty and end with a newline.");
        }

        var lines = block[..^1].Split('\n');
        if (lines.Length > MaxSignatures)
        {
            return ParseResult<SignedNote>.Failure($"The note has {lines.Length} signatures; at most {MaxSignatures} are accepted.");
        }

        var signatures = new List<NoteSignature>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var parsed = ParseSignatureLine(lines[i]);
            if (parsed is null)
            {
                return ParseResult<SignedNote>.Failure($"Signature line {i + 1} (\"{lines[i]}\") is not \"— <key name> <base64 of key ID and signature>\".");
            }

            signatures.Add(parsed);
        }

        return ParseResult<SignedNote>.Success(new SignedNote(text, signatures));
    }

    /// <summary>
    /// Checks the signatures against the known keys. Signatures by unknown keys are ignored;
    /// a signature by a known key that does not verify rejects the note; at least one known
    /// key must have signed.
    /// </summary>
    public NoteVerification Verify(IEnumerable<INoteVerifier> knownKeys)
    {
        ArgumentNullException.ThrowIfNull(knownKeys);
        var keys = knownKeys.ToLookup(k => (k.Name, k.KeyId));
        var message = StrictUtf8.GetBytes(Text);
        var verified = new List<NoteSignature>();
        var seen = new HashSet<(string, uint)>();
        foreach (var signature in Signatures)
        {
            var id = (signature.KeyName, signature.KeyId);
            var candidates = keys[id].ToList();
            if (candidates.Count == 0)
            {
                continue;
            }

            var keyText = $"{signature.KeyName}+{signature.KeyId.ToString("x8", CultureInfo.InvariantCulture)}";
            if (candidates.Count > 1)
            {
                return NoteVerification.Rejected(Text, $"More than one known key is {keyText}; the key list is ambiguous.");
            }

            if (!seen.Add(id))
            {
                continue; // A repeated signature by the same key adds nothing.
            }

            if (!candidates[0].Verify(message, signature.Signature.AsSpan()))
            {
                return NoteVerification.Rejected(Text, $"The signature by known key {keyText} is invalid.");
            }

            verified.Add(signature);
        }

        return verified.Count == 0
            ? NoteVerification.Rejected(Text, "The note is not signed by any known key.")
            : NoteVerification.Verified(Text, verified);
    }

    /// <summary>Parses and verifies in one step, as a reader of an untrusted note does.</summary>
    public static NoteVerification Open(string message, IEnumerable<INoteVerifier> knownKeys)
    {
        var parsed = Parse(message);
        return parsed.IsSuccess ? parsed.Value.Verify(knownKeys) : NoteVerification.Rejected(null, parsed.Error);
    }

    public bool Equals(SignedNote? other) =>
        other is not null
        && string.Equals(Text, other.Text, StringComparison.Ordinal)
        && Signatures.SequenceEqual(other.Signatures);

    public override int GetHashCode() => HashCode.Combine(Text, Signatures.Length);

    private static NoteSignature? ParseSignatureLine(string line)
    {
        if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = line[SignaturePrefix.Length..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return null;
        }

        var name = rest[..space];
        if (!NoteKeys.IsValidName(name) || !StrictBase64.TryDecode(rest[(space + 1)..], out var raw) || raw.Length < 5)
        {
            return null;
        }

        return new NoteSignature(name, BinaryPrimitives.ReadUInt32BigEndian(raw), raw.AsSpan(4));
    }

    private static string? ValidateText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.EndsWith('\n'))
        {
            return "Note text must end with a newline.";
        }

        if (!NoteKeys.IsWellFormedUtf16(text))
        {
            return "Note text is not valid Unicode (it has an unpaired surrogate).";
        }

        foreach (var c in text)
        {
            if (c < 0x20 && c != '\n')
            {
                return $"Note text contains the control character U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)}; only newlines are allowed.";
            }
        }

        return null;
    }
}

/// <summary>The outcome of checking a signed note: the text and the keys that vouch for it, or why not.</summary>
public sealed record NoteVerification
{
    private NoteVerification(bool isVerified, string? text, ImmutableArray<NoteSignature> verifiedSignatures, string explanation)
    {
        IsVerified = isVerified;
        Text = text;
        VerifiedSignatures = verifiedSignatures;
        Explanation = explanation;
    }

    /// <summary>True when at least one known key signed and no known key's signature failed.</summary>
    public bool IsVerified { get; }

    /// <summary>The note's text (null when it could not even be parsed). Trust it only when <see cref="IsVerified"/>.</summary>
    public string? Text { get; }

    /// <summary>The signatures by known keys that verified.</summary>
    public ImmutableArray<NoteSignature> VerifiedSignatures { get; }

    public string Explanation { get; }

    internal static NoteVerification Verified(string text, IEnumerable<NoteSignature> signatures)
    {
        var list = signatures.ToImmutableArray();
        return new(true, text, list, $"Signed by {string.Join(", ", list.Select(s => s.KeyName))}.");
    }

    internal static NoteVerification Rejected(string? text, string explanation) => new(false, text, [], explanation);
}
