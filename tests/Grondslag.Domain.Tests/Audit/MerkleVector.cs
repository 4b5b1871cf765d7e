using System.Text.Json;

namespace Grondslag.Domain.Tests.Audit;

/// <summary>One transparency-dev/merkle vector file: base64 fields, an expected error or not.</summary>
internal sealed class MerkleVector
{
    private readonly JsonElement _root;

    private MerkleVector(string relativePath, JsonElement root)
    {
        RelativePath = relativePath;
        _root = root;
    }

    public string RelativePath { get; }

    public string Description => _root.GetProperty("desc").GetString() ?? "";

    public bool WantError => _root.GetProperty("wantErr").GetBoolean();

    public static MerkleVector Load(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(SharedReference.MerkleTestData, relativePath));
        using var document = JsonDocument.Parse(text);
        return new MerkleVector(relativePath, document.RootElement.Clone());
    }

    public ulong Number(string name) => _root.GetProperty(name).GetUInt64();

    public byte[] Bytes(string name) => Convert.FromBase64String(_root.GetProperty(name).GetString() ?? "");

    public IReadOnlyList<byte[]> Proof()
    {
        var proof = _root.GetProperty("proof");
        return proof.ValueKind == JsonValueKind.Null
            ? []
            : proof.EnumerateArray().Select(e => Convert.FromBase64String(e.GetString() ?? "")).ToList();
    }
}
