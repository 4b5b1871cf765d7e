using System.Globalization;
using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Application.Delivery;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Law;
using Grondslag.Domain.Text;

namespace Grondslag.Application.Cases;

/// <summary>A downloaded channel file of a released share: its name, media type and content.</summary>
public sealed record ReleasedShareFile(string FileName, string ContentType, string Content, string Tlp);

/// <summary>
/// The STIX and MISP files of a <em>released</em> share, for staff (the roles that read cases). The content is what the
/// disclosure gate released: the share's recorded decision passes the gate again at the recorded release instant (as a
/// withdrawal rebuilds it), and the resulting <see cref="ReleasedShare"/> is written by the channels' own writers. The
/// STIX bundle so made must equal the bundle recorded for the recipient's TAXII collection at the release, else the
/// download is refused (the law, the rule set or the party registry changed since, so the gate cannot vouch for it);
/// it is refused as well when no bundle was recorded (fail closed: there is nothing to compare with).
/// A share that was not released, or was withdrawn, gets a refusal; every download is audited
/// (<c>share.address-export</c> with the format, as the internal CSV).
/// </summary>
public sealed class ExportReleasedShare(ICaseStore store, IAuditTrail audit, ISharingContext sharing, IShareDelivery delivery, IReleasedShareFiles files)
{
    public async Task<Outcome<ReleasedShareFile>> ExecuteAsync(string caseId, string shareId, ReleasedFileFormat format, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ReleasedShare released;
        StoredRelease release;
        ShareFile share;
        await using (var tx = await store.BeginReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await tx.FindShareAsync(caseId, shareId, cancellationToken).ConfigureAwait(false) is not { } found)
            {
                return new Refusal(RefusalKind.NotFound, new LocalText($"Case '{caseId}' has no share '{shareId}'.", $"Zaak '{caseId}' heeft geen deling '{shareId}'."));
            }

            share = found;
            var recorded = (await tx.ReleasesAsync(share.PartyId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.ShareId == shareId);
            if (share.State != ShareState.Released || recorded is null || share.Decision is not { Outcome: DecisionOutcome.Approved } decision)
            {
                return new Refusal(RefusalKind.Conflict, new LocalText(
                    $"The share for {share.PartyName} is not released ({share.State.ToWire()}): STIX and MISP exist only for what the disclosure gate released. The internal CSV of its addresses is available.",
                    $"De deling voor {share.PartyName} is niet verstrekt ({Labels.Of(share.State).Nl.ToLowerInvariant()}): STIX en MISP bestaan alleen voor wat de verstrekkingspoort heeft vrijgegeven. De interne CSV van de adressen is wel beschikbaar."));
            }

            release = recorded;
            if (await delivery.IsWithdrawnAsync(shareId, cancellationToken).ConfigureAwait(false))
            {
                return new Refusal(RefusalKind.Conflict, new LocalText(
                    $"The share for {share.PartyName} was withdrawn: its STIX and MISP files are no longer handed out.",
                    $"De deling voor {share.PartyName} is ingetrokken: de STIX- en MISP-bestanden worden niet meer verstrekt."));
            }

            var origin = await ShareOrigins.OfAsync(tx, share, cancellationToken).ConfigureAwait(false);
            if (origin.Refusal is { } incomplete)
            {
                return incomplete;
            }

            var built = await ReleaseCandidates.BuildAsync(tx, sharing, caseId, share, decision, origin.Value!, cancellationToken, forWithdrawal: true).ConfigureAwait(false);
            if (built.Refusal is { } cannot)
            {
                return NotReproducible(share, release, new LocalText(cannot.Reason, cannot.Nl ?? cannot.Reason));
            }

            switch (DisclosureGate.Release(built.Value.Candidate, sharing.Evaluator.Book, new AtInstant(release.ReleasedAt)))
            {
                case GateOutcome.Released again:
                    released = again.Share;
                    break;
                case GateOutcome.Refused refused:
                    return NotReproducible(share, release, refused.Text);
                default:
                    return NotReproducible(share, release, new LocalText("the disclosure gate gave no answer", "de verstrekkingspoort gaf geen antwoord"));
            }
        }

        // The gate's share must be the one that went out: its bundle equals the bundle recorded for TAXII at the release.
        // Fail closed: every release records that bundle in its own transaction (ChannelWork.Of, the outbox's TAXII work
        // row, kept after sending), so a release without it cannot be compared and nothing is handed out.
        var stix = files.Write(released, ReleasedFileFormat.Stix);
        if (await files.RecordedStixAsync(shareId, cancellationToken).ConfigureAwait(false) is not { } sent)
        {
            return NotReproducible(share, release, new LocalText("no package was recorded for the recipient's TAXII collection at the release, so the rebuilt one cannot be compared with it",
                "bij de verstrekking is geen pakket voor de TAXII-collectie van de ontvanger vastgelegd, dus het herbouwde pakket kan er niet mee worden vergeleken"));
        }

        if (!JsonNode.DeepEquals(JsonNode.Parse(sent), JsonNode.Parse(stix)))
        {
            return NotReproducible(share, release, new LocalText("the rebuilt package differs from the one recorded at the release", "het herbouwde pakket wijkt af van het pakket dat bij de verstrekking is vastgelegd"));
        }

        var content = format == ReleasedFileFormat.Stix ? stix : files.Write(released, ReleasedFileFormat.Misp);
        var tlp = released.Tlp.ToWire();
        await using (var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false))
        {
            await audit.AppendAsync(new AuditRecord("share.address-export", actor.Name, actor.Role.ToWire(), caseId, shareId, new JsonObject
            {
                ["format"] = format == ReleasedFileFormat.Stix ? "stix" : "misp",
                ["party"] = share.PartyId,
                ["addresses"] = released.Indicators.Length,
                ["state"] = share.State.ToWire(),
                ["release"] = release.Id,
                ["tlp"] = tlp,
            }), cancellationToken).ConfigureAwait(false);
            await tx.SaveAsync(cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        var name = $"{share.PartyId}-released-tlp-{tlp.Replace('+', '-')}" + (format == ReleasedFileFormat.Stix ? ".stix.json" : ".misp.json");
        return Outcome<ReleasedShareFile>.Ok(new ReleasedShareFile(name, format == ReleasedFileFormat.Stix ? "application/stix+json;version=2.1" : "application/json", content, tlp));
    }

    private static Refusal NotReproducible(ShareFile share, StoredRelease release, LocalText reason)
    {
        var day = DisclosureGate.LegalDay(release.ReleasedAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new Refusal(RefusalKind.Conflict, new LocalText(
            $"The disclosure gate cannot vouch for the share for {share.PartyName} as released on {day} any more ({reason.En}), so no STIX or MISP file of it is made. What went out is in the audit log and the TAXII collection.",
            $"De verstrekkingspoort kan niet meer instaan voor de deling voor {share.PartyName} zoals verstrekt op {day} ({reason.Nl}); er wordt dus geen STIX- of MISP-bestand van gemaakt. Wat er uitging staat in het auditlog en de TAXII-collectie."));
    }

    /// <summary>The gate reads the release instant from its clock: replayed at the recorded instant, it rebuilds that release.</summary>
    private sealed class AtInstant(DateTimeOffset instant) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => instant;
    }
}
