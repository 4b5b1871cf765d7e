using System.Globalization;
using System.Text.Json.Nodes;
using Grondslag.Delivery.Outbox;
using Grondslag.Delivery.Stix;

namespace Grondslag.Delivery.Taxii;

/// <summary>TAXII 2.1 media types and timestamps.</summary>
public static class TaxiiMedia
{
    public const string Taxii = "application/taxii+json;version=2.1";
    public const string Stix = "application/stix+json;version=2.1";

    /// <summary>A TAXII timestamp with microseconds (the precision of date_added).</summary>
    public static string Timestamp(long micros) =>
        DateTimeOffset.UnixEpoch.AddTicks(checked(micros * 10)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static long Micros(DateTimeOffset instant) => (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static bool TryParse(string? text, out long micros)
    {
        micros = 0;
        if (string.IsNullOrWhiteSpace(text)
            || !DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return false;
        }

        micros = Micros(at);
        return true;
    }
}

/// <summary>
/// One TAXII collection per recipient. Its id is a name-based UUID of the party id, so it is stable across
/// installations and says nothing a recipient could use to guess another's.
/// </summary>
public static class TaxiiCollections
{
    private static readonly Guid CollectionNamespace = new("b6f4f3c2-6f0e-4c55-9a59-3a2d0f1c7e21");

    public static string IdOf(string partyId) => StixIds.UuidV5(CollectionNamespace, "taxii-collection/" + partyId).ToString("D");
}

/// <summary>What publishing a bundle in a collection did: the bundle's id and the ids of the object versions added.</summary>
public sealed record TaxiiPublication(string BundleId, IReadOnlyList<string> Added);

/// <summary>
/// The TAXII work of one outbox entry, parsed (outside any transaction) for an <see cref="ITaxiiPublisher"/>: made only
/// from an <see cref="OutboxEntry"/>, which only the outbox makes from a gate-made share.
/// </summary>
public sealed class TaxiiWork
{
    private TaxiiWork(OutboxEntry entry)
    {
        CaseId = entry.CaseId;
        ShareId = entry.ShareId;
        RecipientId = entry.RecipientId;
        IsRevocation = entry.IsRevocation;
        Bundle = entry.Bundle();
    }

    public string CaseId { get; }
    public string ShareId { get; }
    public string RecipientId { get; }
    public bool IsRevocation { get; }
    internal JsonObject Bundle { get; }

    public static TaxiiWork Of(OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new TaxiiWork(entry);
    }
}

/// <summary>
/// The TAXII store as the channel step sees it: publication and revocation inside the step's transaction, serialised by
/// a transaction-scoped publication lock so that <c>date_added</c> order is commit order (implemented in storage).
/// </summary>
public interface ITaxiiPublisher
{
    /// <summary>
    /// Publishes the work of a released share in its recipient's collection, unless the share was withdrawn meanwhile
    /// (then nothing is added and null is returned); checked under the publication lock.
    /// </summary>
    Task<TaxiiPublication?> PublishAsync(TaxiiWork work, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Removes every stored object of the share that carries an address and publishes the revocation record.</summary>
    Task<TaxiiPublication> RevokeAsync(TaxiiWork work, DateTimeOffset now, CancellationToken cancellationToken);
}
