using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Grondslag.Domain.Audit;

namespace Grondslag.Audit.Benchmarks;

/// <summary>
/// What issue 5 asks to measure: hashing and verifying a million ~300-byte entries, and the
/// rate at which a log can append while always knowing its root.
/// </summary>
[MemoryDiagnoser]
public class MerkleBenchmarks
{
    private const int EntrySize = 300;
    private const int AppendBatch = 100_000;

    private byte[] _entries = [];
    private StoredEntry[] _stored = [];
    private Checkpoint[] _checkpoints = [];
    private Ed25519NoteSigner _signer = Ed25519NoteSigner.FromSeed("bench", new byte[32]);

    [Params(1_000_000)]
    public int EntryCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Deterministic, JSON-like sized entries in one buffer, so the benchmark measures hashing, not allocation.
        _entries = new byte[EntryCount * EntrySize];
        var random = new Random(20251128);
        random.NextBytes(_entries);
        for (var i = 0; i < EntryCount; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_entries.AsSpan(i * EntrySize), i);
        }

        _stored = new StoredEntry[EntryCount];
        for (var i = 0; i < EntryCount; i++)
        {
            _stored[i] = new StoredEntry(i, _entries.AsMemory(i * EntrySize, EntrySize));
        }

        // A checkpoint every 10,000 entries, as a log signing at intervals would leave.
        var frontier = new MerkleFrontier();
        var checkpoints = new List<Checkpoint>();
        for (var i = 0; i < EntryCount; i++)
        {
            frontier.AppendEntry(Entry(i));
            if ((i + 1) % 10_000 == 0)
            {
                checkpoints.Add(new Checkpoint("bench", (ulong)frontier.Size, frontier.Root()));
            }
        }

        _checkpoints = [.. checkpoints];
    }

    /// <summary>Leaf-hash every entry and compute the root: the work of recomputing the tree.</summary>
    [Benchmark]
    public byte[] LeafHashAndRoot()
    {
        var frontier = new MerkleFrontier();
        for (var i = 0; i < EntryCount; i++)
        {
            frontier.AppendEntry(Entry(i));
        }

        return frontier.Root();
    }

    /// <summary><c>audit verify</c>: recompute the tree and check 100 checkpoints along the way.</summary>
    [Benchmark]
    public bool VerifyLogAgainstCheckpoints() => AuditLogVerifier.Verify(_stored, _checkpoints).IsIntact;

    /// <summary>Append one entry and compute the new root, as the log does per append (reported per append).</summary>
    [Benchmark(OperationsPerInvoke = AppendBatch)]
    public byte[] AppendWithRoot()
    {
        var frontier = new MerkleFrontier();
        var root = new byte[MerkleHasher.HashSize];
        for (var i = 0; i < AppendBatch; i++)
        {
            frontier.AppendEntry(Entry(i));
            frontier.Root(root);
        }

        return root;
    }

    /// <summary>Sign a checkpoint as an Ed25519 note (done at intervals, not per append).</summary>
    [Benchmark]
    public string SignCheckpoint() => SignedNote.Sign(_checkpoints[^1].Format(), [_signer]).Format();

    private ReadOnlySpan<byte> Entry(int index) => _entries.AsSpan(index * EntrySize, EntrySize);
}
