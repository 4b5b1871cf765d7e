using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grondslag.Delivery.Outbox;

/// <summary>
/// An outbox in a directory: one JSON file per entry, named by a hash of its key, written to a temporary
/// file and renamed into place so that a crash leaves the old or the new version, never half of one.
/// Suitable for one Grondslag process; a database-backed store replaces it for several nodes.
/// </summary>
public sealed class FileOutboxStore : IOutboxStore
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };
    private readonly string _directory;
    private readonly Lock _lock = new();

    public FileOutboxStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    public bool TryAdd(OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            var path = PathOf(entry.Key);
            var temp = path + ".new";
            File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(Stored.Of(entry), Json));
            try
            {
                // Move without overwrite is the atomic "add if absent".
                File.Move(temp, path, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temp);
                return false;
            }
        }
    }

    public OutboxEntry? Find(string key)
    {
        lock (_lock)
        {
            var path = PathOf(key);
            return File.Exists(path) ? Read(path) : null;
        }
    }

    public void Update(OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            var path = PathOf(entry.Key);
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"No outbox entry '{entry.Key}' in {_directory} to update.");
            }

            var temp = path + ".new";
            File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(Stored.Of(entry), Json));
            File.Move(temp, path, overwrite: true);
        }
    }

    public IReadOnlyList<OutboxEntry> All()
    {
        lock (_lock)
        {
            return [.. Directory.EnumerateFiles(_directory, "*.json").Select(Read).OrderBy(e => e.EnqueuedAt).ThenBy(e => e.Key, StringComparer.Ordinal)];
        }
    }

    private static OutboxEntry Read(string path) =>
        (JsonSerializer.Deserialize<Stored>(File.ReadAllBytes(path), Json)
        ?? throw new InvalidDataException($"The outbox file {path} is empty.")).ToEntry();

    /// <summary>An entry as its file holds it.</summary>
    private sealed record Stored(
        string Key, string CaseId, string ShareId, string RecipientId, Domain.Parties.ChannelKind Channel, string Destination, byte[] Payload,
        DateTimeOffset EnqueuedAt, OutboxState State, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError)
    {
        public static Stored Of(OutboxEntry e) => new(e.Key, e.CaseId, e.ShareId, e.RecipientId, e.Channel, e.Destination, e.Payload.ToArray(),
            e.EnqueuedAt, e.State, e.Attempts, e.NextAttemptAt, e.SentAt, e.LastError);

        public OutboxEntry ToEntry() => new(Key, CaseId, ShareId, RecipientId, Channel, Destination, Payload,
            EnqueuedAt, State, Attempts, NextAttemptAt, SentAt, LastError);
    }

    private string PathOf(string key) =>
        Path.Combine(_directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))) + ".json");
}
