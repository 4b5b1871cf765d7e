using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Indicators.Intake;
using Grondslag.Domain.Law;
using Grondslag.Domain.Text;

namespace Grondslag.Application.Cases;

/// <summary>One address of a share with where it is attributed (for the staff's address list).</summary>
public sealed record ShareAddress(string Address, string? Country, uint Asn, string AsOrganisation);

/// <summary>
/// The addresses of one share of a case, whatever its state, for staff who may read the case. One small method, so
/// the source can change (e.g. addresses stored per share at import) without touching the pages.
/// </summary>
public interface IShareAddresses
{
    /// <summary>The share's addresses in list order, or null when the case has no such share.</summary>
    Task<IReadOnlyList<ShareAddress>?> ForShareAsync(string caseId, string shareId, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IShareAddresses"/>
public sealed class ShareAddresses(ICaseStore store, ISharingContext sharing) : IShareAddresses
{
    public async Task<IReadOnlyList<ShareAddress>?> ForShareAsync(string caseId, string shareId, CancellationToken cancellationToken = default)
    {
        await using var tx = await store.BeginReadAsync(cancellationToken).ConfigureAwait(false);
        if (await tx.FindShareAsync(caseId, shareId, cancellationToken).ConfigureAwait(false) is not { } share
            || await tx.FindPlanAsync(share.PlanId, cancellationToken).ConfigureAwait(false) is not { } plan)
        {
            return null;
        }

        var bytes = await tx.ImportBytesAsync(plan.ImportId, cancellationToken).ConfigureAwait(false);
        var list = IndicatorIntake.Addresses(plan.ImportId, Encoding.UTF8.GetString(bytes), new IndicatorListOptions { MaxReportedLines = 0 });
        var indexes = await tx.ShareIndexesAsync(shareId, cancellationToken).ConfigureAwait(false);
        var tables = sharing.Tables;
        return [.. indexes.Select(i => list.Attributable[i]).Select(a =>
        {
            var info = tables.Lookup(a);
            return new ShareAddress(a.ToString(), info.Country?.Value, info.Asn, info.AsOrganisation ?? "");
        })];
    }
}

/// <summary>
/// The staff export of a share's addresses: CSV for internal use, for a share in any state. It is not a channel
/// format and never goes to a recipient: its first line marks it internal with the case's TLP, every cell is escaped
/// against formula injection, and each download is audited (<c>share.address-export</c>: who, which share, which
/// format). STIX and MISP are not offered here: those exist only as the gate made them for a released share.
/// </summary>
public sealed class ExportShareAddresses(ICaseStore store, IShareAddresses addresses, IAuditTrail audit)
{
    public async Task<Outcome<(string FileName, string Csv)>> CsvAsync(string caseId, string shareId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        CaseFile? file;
        ShareFile? share;
        await using (var read = await store.BeginReadAsync(cancellationToken).ConfigureAwait(false))
        {
            file = await read.FindCaseAsync(caseId, cancellationToken).ConfigureAwait(false);
            share = file is null ? null : await read.FindShareAsync(caseId, shareId, cancellationToken).ConfigureAwait(false);
        }

        if (file is null || share is null || await addresses.ForShareAsync(caseId, shareId, cancellationToken).ConfigureAwait(false) is not { } list)
        {
            return new Refusal(RefusalKind.NotFound, new LocalText($"Case '{caseId}' has no share '{shareId}'.", $"Zaak '{caseId}' heeft geen deling '{shareId}'."));
        }

        var csv = new StringBuilder();
        csv.Append("# INTERNAL - NCSC staff only, not for recipients. ").Append(Cell(file.Originator.Tlp.ToLabel()))
            .Append(" (case ").Append(Cell(file.Title)).Append(", share for ").Append(Cell(share.PartyName)).Append(", state ").Append(share.State.ToWire()).Append(")\r\n");
        csv.Append("address,country,asn,as_organisation\r\n");
        foreach (var a in list)
        {
            csv.Append(Cell(a.Address)).Append(',').Append(Cell(a.Country ?? "")).Append(',')
                .Append(a.Asn == 0 ? "" : a.Asn.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Cell(a.AsOrganisation)).Append("\r\n");
        }

        await using (var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false))
        {
            await audit.AppendAsync(new AuditRecord("share.address-export", actor.Name, actor.Role.ToWire(), caseId, shareId, new JsonObject
            {
                ["format"] = "csv",
                ["party"] = share.PartyId,
                ["addresses"] = list.Count,
                ["state"] = share.State.ToWire(),
            }), cancellationToken).ConfigureAwait(false);
            await tx.SaveAsync(cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return Outcome<(string, string)>.Ok(($"{share.PartyId}-addresses-internal.csv", csv.ToString()));
    }

    /// <summary>
    /// One CSV cell: a value a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) gets a
    /// leading apostrophe; a value with a comma, quote or line break is quoted with its quotes doubled.
    /// </summary>
    public static string Cell(string value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
