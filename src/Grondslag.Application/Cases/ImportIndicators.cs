using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Indicators.Intake;
using Grondslag.Domain.Law;

namespace Grondslag.Application.Cases;

/// <summary>
/// An import as stored, and whether this very file was already in the case (then nothing changed); the form the file
/// was recognised as, its rejected items (capped at 100, <see cref="StoredImport.Rejected"/> is exact), the case's
/// originator conditions after the file's markings were applied, and notes on where they came from.
/// </summary>
public sealed record ImportResult(StoredImport Import, bool AlreadyImported)
{
    public IntakeFormat Format { get; init; } = IntakeFormat.Text;

    public ImmutableArray<RejectedLine> RejectedItems { get; init; } = [];

    public OriginatorConditions? Conditions { get; init; }

    /// <summary>True when the file's markings made the case's originator conditions stricter.</summary>
    public bool ConditionsChanged { get; init; }

    public ImmutableArray<string> Notes { get; init; } = [];
}

/// <summary>
/// Stores an indicator file as received (raw bytes, SHA-256, item count): a text list, Shadowserver-style CSV, a MISP
/// event or a STIX bundle / TAXII envelope, recognised from its content. The file's markings (TLP, IEP 2.0, MISP
/// distribution) tighten the case's originator conditions; they never loosen them. While the case has no plan the
/// conditions are updated with the import; once it has one, a file whose markings would change them is refused
/// (the shares were assessed under the old conditions). The same file twice is stored once.
/// </summary>
public interface IImportIndicators
{
    Task<Outcome<ImportResult>> ExecuteAsync(string caseId, string fileName, byte[] content, Actor actor, CancellationToken cancellationToken = default) =>
        ExecuteAsync(caseId, fileName, new MemoryStream(content ?? throw new ArgumentNullException(nameof(content)), writable: false), actor, null, cancellationToken);

    /// <summary>
    /// The same, streamed: <paramref name="content"/> is read twice (hash, then parse), so it must be seekable (an
    /// upload spooled to a temporary file); it is never held whole in memory. <paramref name="progress"/> hears each stage.
    /// </summary>
    Task<Outcome<ImportResult>> ExecuteAsync(string caseId, string fileName, Stream content, Actor actor, IProgress<ImportProgress>? progress, CancellationToken cancellationToken = default);
}

/// <summary>The stages of an import, as its uploader sees them.</summary>
public enum ImportStage
{
    /// <summary>The body is arriving (bytes counted).</summary>
    Receiving,

    /// <summary>Lines are being read and checked (lines counted).</summary>
    Parsing,

    /// <summary>The file, its addresses and what parsing found are being written.</summary>
    Storing,

    /// <summary>Stored (or it was already in the case).</summary>
    Done,

    /// <summary>Refused: nothing was stored; the message says why.</summary>
    Refused,
}

/// <summary>Where an import stands: its stage, bytes and lines so far, and at the end the import or the refusal.</summary>
public sealed record ImportProgress(ImportStage Stage, long Bytes, long? TotalBytes, long Lines)
{
    public int? Accepted { get; init; }

    public long? Rejected { get; init; }

    public string? ImportId { get; init; }

    public string? Message { get; init; }
}

/// <inheritdoc cref="IImportIndicators"/>
public sealed class ImportIndicators(ICaseStore store, IAuditTrail audit, ICommitHook hook, IIdGenerator ids, TimeProvider clock) : IImportIndicators
{
    /// <summary>The largest MISP event or STIX bundle read (JSON is parsed whole; a text list or CSV streams and has no such bound).</summary>
    public const long MaxJsonChars = 256L << 20;

    public Task<Outcome<ImportResult>> ExecuteAsync(string caseId, string fileName, byte[] content, Actor actor, CancellationToken cancellationToken = default) =>
        ExecuteAsync(caseId, fileName, new MemoryStream(content ?? throw new ArgumentNullException(nameof(content)), writable: false), actor, null, cancellationToken);

    public async Task<Outcome<ImportResult>> ExecuteAsync(string caseId, string fileName, Stream content, Actor actor, IProgress<ImportProgress>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(actor);
        var name = string.IsNullOrWhiteSpace(fileName) ? "upload.txt" : Path.GetFileName(fileName.Trim());
        var total = content.Length;
        content.Position = 0;
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false));
        Outcome<ImportResult> Refuse(RefusalKind kind, Grondslag.Domain.Text.LocalText message)
        {
            progress?.Report(new ImportProgress(ImportStage.Refused, total, total, 0) { Message = message.En });
            return Outcome<ImportResult>.Refused(kind, message);
        }

        await using (var peek = await store.BeginReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await peek.FindCaseAsync(caseId, cancellationToken).ConfigureAwait(false) is null)
            {
                progress?.Report(new ImportProgress(ImportStage.Refused, total, total, 0) { Message = $"There is no case '{caseId}'." });
                return CaseAction.UnknownCase(caseId);
            }

            if (await peek.FindImportAsync(caseId, sha, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                progress?.Report(new ImportProgress(ImportStage.Done, total, total, existing.Lines) { Accepted = existing.Accepted, Rejected = existing.Rejected, ImportId = existing.Id });
                return Outcome<ImportResult>.Ok(new ImportResult(existing, true));
            }
        }

        IntakeResult intake;
        content.Position = 0;
        progress?.Report(new ImportProgress(ImportStage.Parsing, 0, total, 0));
        try
        {
            using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
            var options = new IndicatorListOptions
            {
                MaxReportedLines = ImportDigest.MaxDetails,
                Progress = progress is null ? null : lines => progress.Report(new ImportProgress(ImportStage.Parsing, content.Position, total, lines)),
            };
            intake = IndicatorIntake.Read(name, reader, options, MaxJsonChars);
        }
        catch (IndicatorListException ex)
        {
            return Refuse(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText($"{name}: {ex.Message}", $"{name}: {ex.Text.Nl}"));
        }

        var list = intake.List;
        if (list.Accepted == 0)
        {
            return Refuse(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText($"{name}: no line holds an address that can be attributed ({list.Lines} lines, {list.RejectedCount} rejected).",
                $"{name}: geen regel bevat een adres dat kan worden toegerekend ({list.Lines} regels, {list.RejectedCount} geweigerd)."));
        }

        progress?.Report(new ImportProgress(ImportStage.Storing, total, total, list.Lines) { Accepted = list.Accepted, Rejected = list.RejectedCount });
        var digest = ImportDigest.Of(intake.Format, list);
        var outcome = await CaseAction.RunAsync<ImportResult>(store, audit, hook, "case.import", actor, caseId, null, async tx =>
        {
            if (await tx.FindImportAsync(caseId, sha, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return Outcome<(ImportResult, AuditRecord)>.Refused(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText($"{name} was imported meanwhile ({existing.Id}).", $"{name} is intussen al ingelezen ({existing.Id})."));
            }

            if (await tx.FindCaseAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } file)
            {
                return Outcome<(ImportResult, AuditRecord)>.Refused(RefusalKind.NotFound, new Grondslag.Domain.Text.LocalText($"There is no case '{caseId}'.", $"Er is geen zaak '{caseId}'."));
            }

            var conditions = intake.Markings.ApplyTo(file.Originator);
            var changed = conditions != file.Originator;
            if (changed && file.State != CaseState.Intake)
            {
                return Outcome<(ImportResult, AuditRecord)>.Refused(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText(
                    $"{name}: its markings would change the case's originator conditions from {Describe(file.Originator)} to {Describe(conditions)}, "
                    + "but the case was already assessed under the old ones. Open a new case for this file, or import it without those markings.",
                    $"{name}: de markeringen zouden de voorwaarden van de aanleverancier veranderen van {Describe(file.Originator)} naar {Describe(conditions)}, "
                    + "maar de zaak is al onder de oude beoordeeld. Open een nieuwe zaak voor dit bestand, of lees het in zonder die markeringen."));
            }

            if (changed)
            {
                tx.UpdateCase(file, file with { Originator = conditions });
            }

            var import = new StoredImport(ids.NewId("import"), caseId, name, sha, list.Lines, list.Accepted, list.RejectedCount, total, actor.Name, clock.GetUtcNow());
            content.Position = 0;
            await tx.AddImportAsync(import, content, digest, list.Attributable, cancellationToken).ConfigureAwait(false);
            var result = new ImportResult(import, false)
            {
                Format = intake.Format,
                RejectedItems = [.. list.Rejected.Take(100)],
                Conditions = conditions,
                ConditionsChanged = changed,
                Notes = intake.Markings.Notes,
            };
            return CaseAction.Staged(result, CaseAction.Record("case.import", actor, caseId, import.Id, new JsonObject
            {
                ["format"] = FormatWire(intake.Format),
                ["fileName"] = name,
                ["sha256"] = sha,
                ["bytes"] = total,
                ["lines"] = list.Lines,
                ["accepted"] = list.Accepted,
                ["rejected"] = list.RejectedCount,
                ["originatorBefore"] = changed ? Describe(file.Originator) : null,
                ["originatorAfter"] = changed ? Describe(conditions) : null,
            }));
        }, cancellationToken).ConfigureAwait(false);

        progress?.Report(outcome.Refusal is { } refused
            ? new ImportProgress(ImportStage.Refused, total, total, list.Lines) { Message = refused.Reason }
            : new ImportProgress(ImportStage.Done, total, total, list.Lines) { Accepted = list.Accepted, Rejected = list.RejectedCount, ImportId = outcome.Value!.Import.Id });
        return outcome;
    }

    /// <summary>The wire name of a format (<c>text</c>, <c>csv</c>, <c>misp-event</c>, <c>stix-bundle</c>).</summary>
    public static string FormatWire(IntakeFormat format) => format switch
    {
        IntakeFormat.Text => "text",
        IntakeFormat.Csv => "csv",
        IntakeFormat.MispEvent => "misp-event",
        IntakeFormat.StixBundle => "stix-bundle",
    };

    private static string Describe(OriginatorConditions c) =>
        $"{c.Tlp.ToLabel()}, purpose {OriginatorConditions.ToWire(c.Purpose)}, third-party rule {(c.ThirdPartyRule ? "yes" : "no")}";
}
