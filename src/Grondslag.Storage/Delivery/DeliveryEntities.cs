namespace Grondslag.Storage.Delivery;

/// <summary>
/// One version of one STIX object in a recipient's TAXII collection. <see cref="DateAdded"/> is the server's
/// time in microseconds since the Unix epoch, strictly increasing per collection (so <c>added_after</c> pages
/// without gaps or repeats); an integer because SQLite cannot order <see cref="DateTimeOffset"/> columns.
/// </summary>
public sealed class TaxiiObjectRow
{
    public string CollectionId { get; set; } = "";
    public string ObjectId { get; set; } = "";

    /// <summary>The object's <c>modified</c> (or <c>created</c>) timestamp as STIX writes it: its version.</summary>
    public string Version { get; set; } = "";

    public long DateAdded { get; set; }
    public string MediaType { get; set; } = "";
    public string ObjectType { get; set; } = "";
    public string Json { get; set; } = "";
    public string CaseId { get; set; } = "";
    public string ShareId { get; set; } = "";
}

/// <summary>A recipient's TAXII credentials: the client name is the party id; only a PBKDF2 hash of the secret is kept.</summary>
public sealed class TaxiiClientRow
{
    public string PartyId { get; set; } = "";

    /// <summary><c>pbkdf2-sha256$iterations$salt$hash</c> (base64); never the secret.</summary>
    public string SecretHash { get; set; } = "";

    public string IssuedBy { get; set; } = "";
    public DateTimeOffset IssuedAt { get; set; }
}

/// <summary>One recorded delivery step of a share: a TAXII publication, an e-mail queued or not possible, a withdrawal.</summary>
public sealed class ShareDeliveryRow
{
    public string Id { get; set; } = "";
    public string CaseId { get; set; } = "";
    public string ShareId { get; set; } = "";
    public string PartyId { get; set; } = "";

    /// <summary><c>taxii</c> or <c>email</c>.</summary>
    public string Channel { get; set; } = "";

    /// <summary><c>release</c> or <c>withdrawal</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary><c>published</c>, <c>queued</c>, <c>not-possible</c>.</summary>
    public string Status { get; set; } = "";

    public string Detail { get; set; } = "";

    /// <summary>The outbox idempotency key for an e-mail, the collection id for TAXII.</summary>
    public string Reference { get; set; } = "";

    public int Objects { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>
/// An outbox entry (see Grondslag.Delivery.Outbox.OutboxEntry) as a row: one per share, channel and kind (the key is
/// the idempotency key). <see cref="State"/> is <c>Pending</c>, <c>Sent</c> (delivered) or <c>GaveUp</c> (failed for
/// good, or not possible). A node works on a row only while it holds it: <see cref="LeaseOwner"/> is its claim's token
/// and <see cref="LeaseUntil"/> (Unix milliseconds) when another node may take it over.
/// </summary>
public sealed class OutboxRow
{
    public string Key { get; set; } = "";
    public string CaseId { get; set; } = "";
    public string ShareId { get; set; } = "";
    public string RecipientId { get; set; } = "";
    public string Channel { get; set; } = "";
    public string Destination { get; set; } = "";
    public byte[] Payload { get; set; } = [];
    public DateTimeOffset EnqueuedAt { get; set; }
    public string State { get; set; } = "";
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
    public int Version { get; set; }

    /// <summary><c>release</c> or <c>withdrawal</c>.</summary>
    public string Kind { get; set; } = "release";

    /// <summary>The payload is the work made at release (TAXII bundle, unsealed e-mail), not a sealed message.</summary>
    public bool IsWork { get; set; }

    /// <summary>When any node's worker may run it (Unix milliseconds); an integer because SQLite cannot compare DateTimeOffset.</summary>
    public long DueAt { get; set; }

    /// <summary>The token of the claim that holds the row, or null.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>Until when that claim holds it (Unix milliseconds); 0 when nobody does.</summary>
    public long LeaseUntil { get; set; }

    /// <summary>What the last step did, for a person.</summary>
    public string? Detail { get; set; }
}
