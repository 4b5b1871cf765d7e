namespace Grondslag.Application.Delivery;

/// <summary>One stored version of a STIX object in a recipient's TAXII collection.</summary>
public sealed record TaxiiObject(string ObjectId, string Version, long DateAdded, string MediaType, string Json, string ShareId);

/// <summary>
/// The TAXII filter of a request, parsed by the host: objects added after <paramref name="After"/> (microseconds), at
/// most <paramref name="Limit"/>, optionally only these ids and types, and which versions (all, first, last, or these).
/// </summary>
public sealed record TaxiiFilter(long After, int Limit, IReadOnlyList<string>? Ids, IReadOnlyList<string>? Types, bool All, bool First, bool Last, IReadOnlyList<string> Versions);

/// <summary>One page of objects, oldest <c>date_added</c> first, and whether more follow.</summary>
public sealed record TaxiiPage(IReadOnlyList<TaxiiObject> Objects, bool More);

/// <summary>Read-only questions the TAXII server asks about a collection.</summary>
public interface ITaxiiCollectionQueries
{
    /// <summary>The page of the collection's objects the filter selects.</summary>
    Task<TaxiiPage> PageAsync(string collectionId, TaxiiFilter filter, CancellationToken cancellationToken);

    /// <summary>Whether the collection holds any version of the object.</summary>
    Task<bool> HoldsAsync(string collectionId, string objectId, CancellationToken cancellationToken);
}
