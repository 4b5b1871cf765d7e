using System.Text.Json;
using Grondslag.Application.Delivery;
using Grondslag.Delivery.Misp;
using Grondslag.Delivery.Outbox;
using Grondslag.Delivery.Stix;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Parties;
using Grondslag.Server.Delivery;
using Grondslag.Storage;
using Grondslag.Storage.Delivery;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Composition;

/// <summary>
/// The staff download of a released share in the channels' formats: the TAXII channel's STIX writer and the e-mail's
/// MISP writer with the configured sender, from a <see cref="ReleasedShare"/> only; and the STIX bundle the release
/// recorded for TAXII (the outbox's work row of the share), to check a rebuilt share against what went out.
/// </summary>
internal sealed class ReleasedShareFiles(GrondslagDbContext db, DeliverySettings settings) : IReleasedShareFiles
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string Write(ReleasedShare share, ReleasedFileFormat format)
    {
        ArgumentNullException.ThrowIfNull(share);
        return format switch
        {
            ReleasedFileFormat.Stix => new StixBundleWriter(settings.Sender).Build(share).ToJsonString(Indented),
            ReleasedFileFormat.Misp => new MispEventWriter(settings.Sender).Build(share).ToJsonString(Indented),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "STIX or MISP."),
        };
    }

    public async Task<string?> RecordedStixAsync(string shareId, CancellationToken cancellationToken)
    {
        var key = OutboxEntry.KeyOf(shareId, ChannelKind.Taxii);
        var payload = await db.Set<OutboxRow>().AsNoTracking().Where(o => o.Key == key && o.IsWork).Select(o => o.Payload).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return payload is { Length: > 0 } ? System.Text.Encoding.UTF8.GetString(payload) : null;
    }
}
