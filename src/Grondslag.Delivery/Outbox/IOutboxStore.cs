namespace Grondslag.Delivery.Outbox;

/// <summary>Durable storage of outbox entries. Implementations must make <see cref="TryAdd"/> atomic per key.</summary>
public interface IOutboxStore
{
    /// <summary>Stores a new entry; false (and nothing changed) when an entry with its key exists.</summary>
    bool TryAdd(OutboxEntry entry);

    OutboxEntry? Find(string key);

    /// <summary>Replaces the stored entry with the same key; it must exist.</summary>
    void Update(OutboxEntry entry);

    /// <summary>All entries, oldest first.</summary>
    IReadOnlyList<OutboxEntry> All();
}
