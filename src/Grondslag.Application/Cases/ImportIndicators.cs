using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Indicators;

namespace Grondslag.Application.Cases;

/// <summary>An import as stored, and whether this very file was already in the case (then nothing changed).</summary>
public sealed record ImportResult(StoredImport Import, bool AlreadyImported);

/// <summary>Stores an indicator list as received (raw bytes, SHA-256, line count). The same file twice is stored once.</summary>
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

        IndicatorList list;
        try
        {
            list = IndicatorListParser.Parse(name, Encoding.UTF8.GetString(content), new IndicatorListOptions { MaxReportedLines = 100 });
        }
        catch (IndicatorListException ex)
        {
            return Outcome<ImportResult>.Refused(RefusalKind.Invalid, $"{name}: {ex.Message}");
        }

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

            var import = new StoredImport(ids.NewId("import"), caseId, name, sha, list.Lines, list.Accepted, list.RejectedCount, content.LongLength, actor.Name, clock.GetUtcNow());
            tx.AddImport(import, content);
            return CaseAction.Staged(new ImportResult(import, false), CaseAction.Record("case.import", actor, caseId, import.Id, new JsonObject
            {
                ["fileName"] = name,
                ["sha256"] = sha,
                ["bytes"] = content.LongLength,
                ["lines"] = list.Lines,
                ["accepted"] = list.Accepted,
                ["rejected"] = list.RejectedCount,
            }));
        }, cancellationToken).ConfigureAwait(false);

        return outcome;
    }
}
