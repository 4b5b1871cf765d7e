using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grondslag.Domain.Audit;

namespace Grondslag.Audit;

/// <summary>
/// An inclusion proof as handed to an outside party: the entry's leaf text, its index, the proof
/// hashes, and the signed checkpoint it leads to. Checkable with only the log's public key.
/// </summary>
public sealed record InclusionProofDocument(long Index, long TreeSize, string Entry, IReadOnlyList<byte[]> Proof, string SignedCheckpoint)
{
    public const string Type = "inclusion";

    public string ToJson() => new JsonObject
    {
        ["type"] = Type,
        ["index"] = Index,
        ["treeSize"] = TreeSize,
        ["entry"] = Entry,
        ["leafHash"] = Convert.ToBase64String(MerkleHasher.HashLeaf(System.Text.Encoding.UTF8.GetBytes(Entry))),
        ["proof"] = AuditProofDocuments.Hashes(Proof),
        ["checkpoint"] = SignedCheckpoint,
    }.ToJsonString(AuditProofDocuments.Indented);
}

/// <summary>A consistency proof between two signed checkpoints of the log, both carried along.</summary>
public sealed record ConsistencyProofDocument(long Size1, long Size2, IReadOnlyList<byte[]> Proof, string SignedCheckpoint1, string SignedCheckpoint2)
{
    public const string Type = "consistency";

    public string ToJson() => new JsonObject
    {
        ["type"] = Type,
        ["size1"] = Size1,
        ["size2"] = Size2,
        ["proof"] = AuditProofDocuments.Hashes(Proof),
        ["checkpoint1"] = SignedCheckpoint1,
        ["checkpoint2"] = SignedCheckpoint2,
    }.ToJsonString(AuditProofDocuments.Indented);
}

/// <summary>The outcome of an outside party's check: holds, or why not.</summary>
public sealed record OutsideCheck(bool Holds, string Explanation);

/// <summary>
/// What <c>grondslag audit verify-checkpoint</c> does, without any database: open a checkpoint
/// with the public key, and check a proof document against it.
/// </summary>
public static class AuditProofDocuments
{
    // Readable proofs: the entry's JSON text keeps its quotes unescaped (the output is still valid JSON, not HTML-safe).
    internal static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Opens the held checkpoint; the expected origin defaults to the key's name.</summary>
    public static ParseResult<Checkpoint> OpenCheckpoint(string signedNote, Ed25519NoteVerifier key, string? origin = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Checkpoint.OpenSigned(signedNote, origin ?? key.Name, [key]);
    }

    /// <summary>Checks a proof document (inclusion or consistency) against the checkpoint the party holds.</summary>
    public static OutsideCheck Verify(string proofJson, Checkpoint held, Ed25519NoteVerifier key)
    {
        ArgumentNullException.ThrowIfNull(held);
        JsonObject document;
        try
        {
            document = JsonNode.Parse(proofJson) as JsonObject ?? throw new JsonException("not a JSON object");
        }
        catch (JsonException e)
        {
            return new(false, $"The proof is not a JSON object: {e.Message}");
        }

        try
        {
            return (string?)document["type"] switch
            {
                InclusionProofDocument.Type => VerifyInclusion(document, held, key),
                ConsistencyProofDocument.Type => VerifyConsistency(document, held, key),
                var other => new(false, $"The proof's type is \"{other}\"; expected \"{InclusionProofDocument.Type}\" or \"{ConsistencyProofDocument.Type}\"."),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            return new(false, $"The proof document is malformed: {e.Message}");
        }
    }

    internal static JsonArray Hashes(IReadOnlyList<byte[]> proof) => [.. proof.Select(p => (JsonNode)Convert.ToBase64String(p))];

    private static OutsideCheck VerifyInclusion(JsonObject document, Checkpoint held, Ed25519NoteVerifier key)
    {
        var index = Required<long>(document, "index");
        var size = Required<long>(document, "treeSize");
        var entry = Required<string>(document, "entry");
        var proof = ReadHashes(document["proof"]);
        if ((ulong)size != held.Size)
        {
            // The proof may lead to another signed checkpoint of the same log; it must verify too.
            var other = OpenCheckpoint(Required<string>(document, "checkpoint"), key, held.Origin);
            if (!other.IsSuccess)
            {
                return new(false, $"The proof is for tree size {Show(size)}, not the held checkpoint's {held.Size.ToString(CultureInfo.InvariantCulture)}, and its own checkpoint does not verify: {other.Error}");
            }

            return new(false, $"The proof is for tree size {Show(size)}; ask for one against the held checkpoint (size {held.Size.ToString(CultureInfo.InvariantCulture)}), or prove consistency between the two.");
        }

        var leaf = MerkleHasher.HashLeaf(System.Text.Encoding.UTF8.GetBytes(entry));
        var result = InclusionProof.Verify((ulong)index, held.Size, leaf, proof, held.RootHash.AsSpan());
        return new(result.IsValid, result.IsValid
            ? $"Entry {Show(index)} is in the log {held.Origin} at size {Show(size)}: {entry}"
            : $"The inclusion proof for entry {Show(index)} does not hold: {result.Explanation}");
    }

    private static OutsideCheck VerifyConsistency(JsonObject document, Checkpoint held, Ed25519NoteVerifier key)
    {
        var first = OpenCheckpoint(Required<string>(document, "checkpoint1"), key, held.Origin);
        var second = OpenCheckpoint(Required<string>(document, "checkpoint2"), key, held.Origin);
        if (!first.IsSuccess || !second.IsSuccess)
        {
            return new(false, $"A checkpoint in the consistency proof does not verify: {first.Error ?? second.Error}");
        }

        if (!held.Equals(first.Value) && !held.Equals(second.Value))
        {
            return new(false, "Neither checkpoint in the consistency proof is the held checkpoint.");
        }

        var proof = ReadHashes(document["proof"]);
        var (old, recent) = (first.Value!, second.Value!);
        var result = ConsistencyProof.Verify(old.Size, recent.Size, proof, old.RootHash.AsSpan(), recent.RootHash.AsSpan());
        return new(result.IsValid, result.IsValid
            ? $"The log {held.Origin} at size {old.Size.ToString(CultureInfo.InvariantCulture)} is a prefix of the log at size {recent.Size.ToString(CultureInfo.InvariantCulture)}: it only appended."
            : $"The consistency proof does not hold: {result.Explanation}");
    }

    private static T Required<T>(JsonObject document, string name) =>
        document[name] is { } node ? node.GetValue<T>() : throw new FormatException($"\"{name}\" is missing.");

    private static List<byte[]> ReadHashes(JsonNode? node) =>
        [.. (node as JsonArray ?? throw new FormatException("\"proof\" must be an array of base64 hashes."))
            .Select(h => StrictBase64.TryDecode(h?.GetValue<string>() ?? "", out var bytes) ? bytes : throw new FormatException("a proof hash is not canonical base64."))];

    private static string Show(long value) => value.ToString(CultureInfo.InvariantCulture);
}
