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
    Task<Outcome<ImportResult>> ExecuteAsync(string caseId, string fileName, byte[] content, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IImportIndicators"/>
public sealed class ImportIndicators(ICaseStore store, IAuditTrail audit, ICommitHook hook, IIdGenerator ids, TimeProvider clock) : IImportIndicators
{
    public async Task<Outcome<ImportResult>> ExecuteAsync(string caseId, string fileName, byte[] content, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(actor);
        var name = string.IsNullOrWhiteSpace(fileName) ? "upload.txt" : Path.GetFileName(fileName.Trim());
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        await using (var peek = await store.BeginReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await peek.FindCaseAsync(caseId, cancellationToken).ConfigureAwait(false) is null)
            {
                return CaseAction.UnknownCase(caseId);
            }

            if (await peek.FindImportAsync(caseId, sha, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return Outcome<ImportResult>.Ok(new ImportResult(existing, true));
            }
        }

        IntakeResult intake;
        try
        {
            intake = IndicatorIntake.Read(name, Encoding.UTF8.GetString(content), new IndicatorListOptions { MaxReportedLines = 100 });
        }
        catch (IndicatorListException ex)
        {
            return Outcome<ImportResult>.Refused(RefusalKind.Invalid, $"{name}: {ex.Message}");
        }

        var list = intake.List;
        if (list.Accepted == 0)
        {
            return Outcome<ImportResult>.Refused(RefusalKind.Invalid, $"{name}: no line holds an address that can be attributed ({list.Lines} lines, {list.RejectedCount} rejected).");
        }

        var outcome = await CaseAction.RunAsync<ImportResult>(store, audit, hook, "case.import", actor, caseId, null, async tx =>
        {
            if (await tx.FindImportAsync(caseId, sha, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return Outcome<(ImportResult, AuditRecord)>.Refused(RefusalKind.Conflict, $"{name} was imported meanwhile ({existing.Id}).");
            }

            if (await tx.FindCaseAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } file)
            {
                return Outcome<(ImportResult, AuditRecord)>.Refused(RefusalKind.NotFound, $"There is no case '{caseId}'.");
            }

            var conditions = intake.Markings.ApplyTo(file.Originator);
            var changed = conditions != file.Originator;
            if (changed && file.State != CaseState.Intake)
            {
                return Outcome<(ImportResult, AuditRecord)>.Refused(RefusalKind.Conflict,
                    $"{name}: its markings would change the case's originator conditions from {Describe(file.Originator)} to {Describe(conditions)}, "
                    + "but the case was already assessed under the old ones. Open a new case for this file, or import it without those markings.");
            }

            if (changed)
            {
                tx.UpdateCase(file, file with { Originator = conditions });
            }

            var import = new StoredImport(ids.NewId("import"), caseId, name, sha, list.Lines, list.Accepted, list.RejectedCount, content.LongLength, actor.Name, clock.GetUtcNow());
            tx.AddImport(import, content);
            var result = new ImportResult(import, false)
            {
                Format = intake.Format,
                RejectedItems = list.Rejected,
                Conditions = conditions,
                ConditionsChanged = changed,
                Notes = intake.Markings.Notes,
            };
            return CaseAction.Staged(result, CaseAction.Record("case.import", actor, caseId, import.Id, new JsonObject
            {
                ["format"] = FormatWire(intake.Format),
                ["fileName"] = name,
                ["sha256"] = sha,
                ["bytes"] = content.LongLength,
                ["lines"] = list.Lines,
                ["accepted"] = list.Accepted,
                ["rejected"] = list.RejectedCount,
                ["originatorBefore"] = changed ? Describe(file.Originator) : null,
                ["originatorAfter"] = changed ? Describe(conditions) : null,
            }));
        }, cancellationToken).ConfigureAwait(false);

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
