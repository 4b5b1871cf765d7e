using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text.Json;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Law;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Grondslag.Storage.Cases;

/// <summary>The case store on the one <see cref="GrondslagDbContext"/> (scoped: the audit trail shares its transaction).</summary>
public sealed class EfCaseStore(GrondslagDbContext context) : ICaseStore
{
    public async Task<ICaseTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        return new EfCaseTransaction(context, transaction);
    }

    /// <summary>
    /// A transaction for reading. On SQLite a deferred one (BEGIN DEFERRED): in WAL mode it reads a snapshot and never
    /// takes the write lock, so readers neither wait for a writer nor block one. (BeginAsync is BEGIN IMMEDIATE: a
    /// writer takes the lock up front rather than failing to upgrade half-way.) PostgreSQL's READ COMMITTED needs nothing.
    /// </summary>
    public async Task<ICaseTransaction> BeginReadAsync(CancellationToken cancellationToken)
    {
        if (!context.Database.IsSqlite())
        {
            return await BeginAsync(cancellationToken).ConfigureAwait(false);
        }

        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var deferred = ((SqliteConnection)context.Database.GetDbConnection()).BeginTransaction(deferred: true);
        var transaction = await context.Database.UseTransactionAsync(deferred, cancellationToken).ConfigureAwait(false);
        return new EfCaseTransaction(context, transaction!, deferred);
    }
}

/// <summary>One action's transaction: reads map rows to domain records; writes are staged and saved together.</summary>
internal sealed class EfCaseTransaction(GrondslagDbContext db, IDbContextTransaction transaction, System.Data.Common.DbTransaction? owned = null) : ICaseTransaction
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // What this transaction read once, it does not read again (issue 18: a release is at most 10 round trips): an action
    // reads its case for the closed-case guard and again for its decision; a share's plan and import come with the share.
    // An entry is dropped when this transaction changes it (UpdateCase, SupersedePlan); imports never change.
    private readonly Dictionary<string, CaseFile> _cases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredPlan> _plans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredImport> _imports = new(StringComparer.Ordinal);

    public async Task<CaseFile?> FindCaseAsync(string caseId, CancellationToken cancellationToken)
    {
        if (_cases.TryGetValue(caseId, out var known))
        {
            return known;
        }

        // The case with its pending handover (if any) in one query.
        var found = await (
            from c in db.Set<CaseRow>().AsNoTracking()
            where c.Id == caseId
            join h in db.Set<HandoverRow>().AsNoTracking() on c.PendingHandoverId equals h.Id into handovers
            from h in handovers.DefaultIfEmpty()
            select new { Case = c, Handover = h }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }

        var file = ToFile(found.Case, found.Handover);
        _cases[caseId] = file;
        return file;
    }

    public async Task<IReadOnlyList<CaseFile>> ListCasesAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Set<CaseRow>().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var files = new List<CaseFile>();
        foreach (var row in rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal))
        {
            files.Add(await ToFileAsync(row, cancellationToken).ConfigureAwait(false));
        }

        return files;
    }

    public async Task<IReadOnlyList<CaseFile>> ListCasesPageAsync(string? afterId, int limit, CancellationToken cancellationToken)
    {
        // Keyset (seek) paging in SQL on the (CreatedAt, Id) index: a page costs the same however many cases there are.
        // The cursor's own row gives the place to continue after; an unknown cursor finds no row, so the page is empty.
        // SQLite stores a DateTimeOffset as ISO text in UTC (every writer stores UTC), which orders as the instants do.
        var take = Math.Max(0, limit);
        var ids = afterId is null
            ? await db.Database.SqlQuery<string>($"""
                SELECT c."Id" AS "Value" FROM cases c ORDER BY c."CreatedAt", c."Id" LIMIT {take}
                """).ToListAsync(cancellationToken).ConfigureAwait(false)
            : await db.Database.SqlQuery<string>($"""
                SELECT c."Id" AS "Value" FROM cases c JOIN cases k ON k."Id" = {afterId}
                WHERE c."CreatedAt" > k."CreatedAt" OR (c."CreatedAt" = k."CreatedAt" AND c."Id" > k."Id")
                ORDER BY c."CreatedAt", c."Id" LIMIT {take}
                """).ToListAsync(cancellationToken).ConfigureAwait(false);
        return await FilesInOrderAsync(ids, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CaseFile>> OpenCasesPageAsync(string? afterId, int limit, CancellationToken cancellationToken)
    {
        // OpenCaseOrder in SQL (deadline first, none last; then newest; then id), seeking after the cursor's row on the
        // (Deadline, CreatedAt, Id) index; only the page's rows are then read whole.
        var settled = CaseState.Settled.ToWire();
        var closed = CaseState.Closed.ToWire();
        var take = Math.Max(0, limit);
        var ids = afterId is null
            ? await db.Database.SqlQuery<string>($"""
                SELECT c."Id" AS "Value" FROM cases c WHERE c."State" <> {settled} AND c."State" <> {closed}
                ORDER BY c."Deadline" ASC NULLS LAST, c."CreatedAt" DESC, c."Id" ASC LIMIT {take}
                """).ToListAsync(cancellationToken).ConfigureAwait(false)
            : await db.Database.SqlQuery<string>($"""
                SELECT c."Id" AS "Value" FROM cases c JOIN cases k ON k."Id" = {afterId}
                WHERE c."State" <> {settled} AND c."State" <> {closed} AND k."State" <> {settled} AND k."State" <> {closed}
                  AND ((k."Deadline" IS NULL AND c."Deadline" IS NULL AND (c."CreatedAt" < k."CreatedAt" OR (c."CreatedAt" = k."CreatedAt" AND c."Id" > k."Id")))
                    OR (k."Deadline" IS NOT NULL AND (c."Deadline" IS NULL OR c."Deadline" > k."Deadline"
                      OR (c."Deadline" = k."Deadline" AND (c."CreatedAt" < k."CreatedAt" OR (c."CreatedAt" = k."CreatedAt" AND c."Id" > k."Id"))))))
                ORDER BY c."Deadline" ASC NULLS LAST, c."CreatedAt" DESC, c."Id" ASC LIMIT {take}
                """).ToListAsync(cancellationToken).ConfigureAwait(false);
        return await FilesInOrderAsync(ids, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The cases with these ids, read whole, in the order given.</summary>
    private async Task<IReadOnlyList<CaseFile>> FilesInOrderAsync(List<string> ids, CancellationToken cancellationToken)
    {
        var rows = await db.Set<CaseRow>().AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
        var byId = rows.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var files = new List<CaseFile>(ids.Count);
        foreach (var id in ids)
        {
            files.Add(await ToFileAsync(byId[id], cancellationToken).ConfigureAwait(false));
        }

        return files;
    }

    public Task<IReadOnlyList<ShareFile>> SharesAsync(string caseId, CancellationToken cancellationToken) => SharesAsync(caseId, includeSuperseded: false, cancellationToken);

    public Task<IReadOnlyList<ShareFile>> AllSharesAsync(string caseId, CancellationToken cancellationToken) => SharesAsync(caseId, includeSuperseded: true, cancellationToken);

    public async Task<IReadOnlyList<StoredPlan>> PlansAsync(string caseId, CancellationToken cancellationToken)
    {
        var rows = await db.Set<PlanRow>().AsNoTracking().Where(p => p.CaseId == caseId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToPlan).OrderBy(p => p.Version).ThenBy(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<StoredWhatIf>> WhatIfsAsync(string caseId, CancellationToken cancellationToken)
    {
        var rows = await db.Set<WhatIfRow>().AsNoTracking().Where(w => w.CaseId == caseId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => new StoredWhatIf(r.Id, r.CaseId, r.ImportId, r.Date, r.Regime, r.RegimeInForce,
            r.RuleSetSha256,
            [.. (JsonSerializer.Deserialize<List<WhatIfRecipientJson>>(r.RecipientsJson, Json) ?? []).Select(x => new WhatIfRecipient(x.PartyId, x.PartyName, x.IndicatorCount,
                CaseWire.ParseVerdict(x.WhatIfVerdict), [.. x.WhatIfBasis], CaseWire.ParseVerdict(x.InForceVerdict), [.. x.InForceBasis]))],
            r.CreatedBy, r.CreatedAt))];
    }

    public void AddWhatIf(StoredWhatIf whatIf)
    {
        ArgumentNullException.ThrowIfNull(whatIf);
        db.Set<WhatIfRow>().Add(new WhatIfRow
        {
            Id = whatIf.Id,
            CaseId = whatIf.CaseId,
            ImportId = whatIf.ImportId,
            Date = whatIf.Date,
            Regime = whatIf.Regime,
            RegimeInForce = whatIf.RegimeInForce,
            RuleSetSha256 = whatIf.RuleSetSha256,
            RecipientsJson = JsonSerializer.Serialize(whatIf.Recipients.Select(x => new WhatIfRecipientJson(x.PartyId, x.PartyName, x.IndicatorCount,
                x.WhatIfVerdict.ToWire(), [.. x.WhatIfBasis], x.InForceVerdict.ToWire(), [.. x.InForceBasis])), Json),
            CreatedBy = whatIf.CreatedBy,
            CreatedAt = whatIf.CreatedAt.ToUniversalTime(),
        });
    }

    public void SupersedePlan(StoredPlan before, string newPlanId)
    {
        ArgumentNullException.ThrowIfNull(before);
        _plans.Remove(before.Id);
        var row = Attach<PlanRow>(new PlanRow { Id = before.Id });
        Set(row, r => r.SupersededBy, newPlanId);
    }

    private async Task<IReadOnlyList<ShareFile>> SharesAsync(string caseId, bool includeSuperseded, CancellationToken cancellationToken)
    {
        // Without the index blob and the assessment JSON (4 bytes per address, kilobytes per share): a share's file needs neither.
        var rows = await db.Set<ShareRow>().AsNoTracking().Where(s => s.CaseId == caseId && (includeSuperseded || s.SupersededBy == null))
            .Select(s => new ShareRow
            {
                Id = s.Id, CaseId = s.CaseId, PlanId = s.PlanId, PartyId = s.PartyId, PartyName = s.PartyName, IndicatorCount = s.IndicatorCount, State = s.State,
                Verdict = s.Verdict, BasisJson = s.BasisJson, ConditionsJson = s.ConditionsJson, RuleSetSha256 = s.RuleSetSha256, AssessmentDate = s.AssessmentDate,
                WhatIf = s.WhatIf, PartyFingerprint = s.PartyFingerprint, PreparedBy = s.PreparedBy, ExceptionalRisk = s.ExceptionalRisk, Version = s.Version,
                PartySha256 = s.PartySha256, AddressesSha256 = s.AddressesSha256, PreviousShareId = s.PreviousShareId, SupersededBy = s.SupersededBy,
            })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var advice = await db.Set<AdviceRow>().AsNoTracking().Where(a => a.CaseId == caseId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var decisions = await db.Set<DecisionRow>().AsNoTracking().Where(d => d.CaseId == caseId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var ids = rows.Select(r => r.Id).ToList();
        var confirmations = await db.Set<ConfirmationRow>().AsNoTracking().Where(c => ids.Contains(c.ShareId)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderBy(r => r.PartyId, StringComparer.Ordinal).Select(r => ToFile(r, advice, decisions, confirmations))];
    }

    /// <summary>
    /// The share with its advice, decision and confirmations, and its plan and that plan's import (kept for this
    /// transaction: the four-eyes origin and the gate's input read them next), in one query. The share's large columns
    /// (indexes, assessment JSON) are left out; the workflow file does not hold them.
    /// </summary>
    public async Task<ShareFile?> FindShareAsync(string caseId, string shareId, CancellationToken cancellationToken)
    {
        var found = await (
            from s in db.Set<ShareRow>().AsNoTracking()
            where s.Id == shareId && s.CaseId == caseId
            join p in db.Set<PlanRow>().AsNoTracking() on s.PlanId equals p.Id into plans
            from p in plans.DefaultIfEmpty()
            join i in db.Set<ImportRow>().AsNoTracking() on p!.ImportId equals i.Id into imports
            from i in imports.DefaultIfEmpty()
            select new
            {
                Share = new ShareRow
                {
                    Id = s.Id,
                    CaseId = s.CaseId,
                    PlanId = s.PlanId,
                    PartyId = s.PartyId,
                    PartyName = s.PartyName,
                    IndicatorCount = s.IndicatorCount,
                    State = s.State,
                    Verdict = s.Verdict,
                    BasisJson = s.BasisJson,
                    ConditionsJson = s.ConditionsJson,
                    RuleSetSha256 = s.RuleSetSha256,
                    AssessmentDate = s.AssessmentDate,
                    WhatIf = s.WhatIf,
                    PartyFingerprint = s.PartyFingerprint,
                    PreparedBy = s.PreparedBy,
                    ExceptionalRisk = s.ExceptionalRisk,
                    Version = s.Version,
                    PartySha256 = s.PartySha256,
                    AddressesSha256 = s.AddressesSha256,
                    PreviousShareId = s.PreviousShareId,
                    SupersededBy = s.SupersededBy,
                },
                Plan = p,
                Import = i,
                Advice = db.Set<AdviceRow>().Where(a => a.ShareId == s.Id).ToList(),
                Decisions = db.Set<DecisionRow>().Where(d => d.ShareId == s.Id).ToList(),
                Confirmations = db.Set<ConfirmationRow>().Where(c => c.ShareId == s.Id).ToList(),
            }).AsNoTracking().FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }

        if (found.Plan is { } plan && !_plans.ContainsKey(plan.Id))
        {
            _plans[plan.Id] = ToPlan(plan);
        }

        if (found.Import is { } import)
        {
            _imports[import.Id] = ToImport(import);
        }

        return ToFile(found.Share, found.Advice, found.Decisions, found.Confirmations);
    }

    public Task<string?> AssessmentJsonAsync(string shareId, CancellationToken cancellationToken) =>
        db.Set<ShareRow>().AsNoTracking().Where(s => s.Id == shareId).Select(s => (string?)s.AssessmentJson).FirstOrDefaultAsync(cancellationToken);

    public async Task<ImmutableArray<int>> ShareIndexesAsync(string shareId, CancellationToken cancellationToken)
    {
        var bytes = await db.Set<ShareRow>().AsNoTracking().Where(s => s.Id == shareId).Select(s => s.Indexes).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) ?? [];
        var result = ImmutableArray.CreateBuilder<int>(bytes.Length / 4);
        for (var i = 0; i + 4 <= bytes.Length; i += 4)
        {
            result.Add(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i, 4)));
        }

        return result.ToImmutable();
    }

    public async Task<StoredImport?> FindImportAsync(string caseId, string sha256, CancellationToken cancellationToken)
    {
        var row = await db.Set<ImportRow>().AsNoTracking().FirstOrDefaultAsync(i => i.CaseId == caseId && i.Sha256 == sha256, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToImport(row);
    }

    public async Task<StoredImport?> LatestImportAsync(string caseId, CancellationToken cancellationToken)
    {
        var rows = await db.Set<ImportRow>().AsNoTracking().Where(i => i.CaseId == caseId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderBy(r => r.ImportedAt).ThenBy(r => r.Id, StringComparer.Ordinal).Select(ToImport).LastOrDefault();
    }

    public async Task<StoredImport?> ImportAsync(string importId, CancellationToken cancellationToken)
    {
        if (_imports.TryGetValue(importId, out var known))
        {
            return known;
        }

        var row = await db.Set<ImportRow>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == importId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var import = ToImport(row);
        _imports[importId] = import;
        return import;
    }

    public async Task<byte[]> ImportBytesAsync(string importId, CancellationToken cancellationToken)
    {
        if (await db.Set<ImportContentRow>().AsNoTracking().Where(c => c.ImportId == importId).Select(c => c.Content).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) is { } whole)
        {
            return whole;
        }

        // Imports stored streamed: the file in pieces.
        var pieces = await db.Set<ImportChunkRow>().AsNoTracking().Where(c => c.ImportId == importId && c.Kind == RawChunk).OrderBy(c => c.Seq)
            .Select(c => c.Content).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (pieces.Count == 0)
        {
            throw new InvalidOperationException($"Import {importId} has no stored content.");
        }

        var result = new byte[pieces.Sum(p => (long)p.Length)];
        var offset = 0;
        foreach (var piece in pieces)
        {
            piece.CopyTo(result, offset);
            offset += piece.Length;
        }

        return result;
    }

    public async Task<ImportDigest?> ImportDigestAsync(string importId, CancellationToken cancellationToken)
    {
        var json = await db.Set<ImportDigestRow>().AsNoTracking().Where(d => d.ImportId == importId).Select(d => d.DigestJson).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return json is null ? null : ImportDigestJson.Read(json);
    }

    public async Task<ImmutableArray<IpAddress>?> ImportAddressesAsync(string importId, CancellationToken cancellationToken)
    {
        var accepted = await db.Set<ImportRow>().AsNoTracking().Where(i => i.Id == importId).Select(i => i.Accepted).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var result = ImmutableArray.CreateBuilder<IpAddress>(accepted);
        var any = false;
        // One piece at a time, so only one piece's bytes are held besides the result.
        var count = await db.Set<ImportChunkRow>().AsNoTracking().CountAsync(c => c.ImportId == importId && c.Kind == AddressChunk, cancellationToken).ConfigureAwait(false);
        for (var seq = 0; seq < count; seq++)
        {
            var piece = await db.Set<ImportChunkRow>().AsNoTracking().Where(c => c.ImportId == importId && c.Kind == AddressChunk && c.Seq == seq)
                .Select(c => c.Content).FirstAsync(cancellationToken).ConfigureAwait(false);
            IndicatorChunks.DecodeAddresses(piece, result);
            any = true;
        }

        return any ? result.MoveToImmutable() : null;
    }

    public async Task<IndicatorPage?> ShareIndicatorsAsync(string shareId, int offset, int limit, CancellationToken cancellationToken)
    {
        if (offset <= 0 && limit == int.MaxValue)
        {
            // All of them (a release, a withdrawal): every piece in one query.
            var all = await db.Set<ShareIndicatorChunkRow>().AsNoTracking().Where(c => c.ShareId == shareId).OrderBy(c => c.Seq)
                .Select(c => new { c.Count, c.Content }).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (all.Count == 0)
            {
                return null;
            }

            var whole = new List<OutgoingIndicator>(all.Sum(p => p.Count));
            foreach (var piece in all)
            {
                IndicatorChunks.Decode(piece.Content, 0, piece.Count, whole);
            }

            return new IndicatorPage(whole.Count, 0, [.. whole]);
        }

        var pieces = await db.Set<ShareIndicatorChunkRow>().AsNoTracking().Where(c => c.ShareId == shareId).OrderBy(c => c.Seq)
            .Select(c => new { c.Seq, c.Count }).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (pieces.Count == 0)
        {
            return null;
        }

        var total = pieces.Sum(p => p.Count);
        var end = (int)Math.Min(total, (long)offset + limit);
        var items = new List<OutgoingIndicator>(Math.Max(0, end - offset));
        var start = 0;
        foreach (var piece in pieces)
        {
            var pieceEnd = start + piece.Count;
            if (pieceEnd > offset && start < end)
            {
                var content = await db.Set<ShareIndicatorChunkRow>().AsNoTracking().Where(c => c.ShareId == shareId && c.Seq == piece.Seq)
                    .Select(c => c.Content).FirstAsync(cancellationToken).ConfigureAwait(false);
                IndicatorChunks.Decode(content, Math.Max(0, offset - start), Math.Min(piece.Count, end - start), items);
            }

            start = pieceEnd;
        }

        return new IndicatorPage(total, offset, [.. items]);
    }

    /// <summary>Pieces of an import: the raw file, and the sorted accepted addresses.</summary>
    private const int RawChunk = 0;
    private const int AddressChunk = 1;

    /// <summary>The raw file is stored in pieces of this size (so an upload of any size is written with bounded memory).</summary>
    private const int RawChunkBytes = 4 << 20;

    public async Task AddImportAsync(StoredImport import, Stream content, ImportDigest digest, ImmutableArray<IpAddress> addresses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(import);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(digest);
        db.Set<ImportRow>().Add(ToRow(import));
        db.Set<ImportDigestRow>().Add(new ImportDigestRow { ImportId = import.Id, DigestJson = ImportDigestJson.Write(digest) });
        await SaveAsync(cancellationToken).ConfigureAwait(false);

        // Written piece by piece (and forgotten by the change tracker), inside the transaction: kept only by commit.
        var buffer = new byte[RawChunkBytes];
        var seq = 0;
        while (true)
        {
            var filled = 0;
            int read;
            while (filled < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
            {
                filled += read;
            }

            if (filled == 0)
            {
                break;
            }

            await WritePieceAsync(new ImportChunkRow { ImportId = import.Id, Kind = RawChunk, Seq = seq++, Content = buffer.AsSpan(0, filled).ToArray() }, cancellationToken).ConfigureAwait(false);
            if (filled < buffer.Length)
            {
                break;
            }
        }

        seq = 0;
        foreach (var piece in IndicatorChunks.EncodeAddresses(addresses))
        {
            await WritePieceAsync(new ImportChunkRow { ImportId = import.Id, Kind = AddressChunk, Seq = seq++, Content = piece }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WritePieceAsync<T>(T row, CancellationToken cancellationToken)
        where T : class
    {
        var entry = db.Set<T>().Add(row);
        await SaveAsync(cancellationToken).ConfigureAwait(false);
        entry.State = EntityState.Detached;
    }

    public async Task<StoredPlan?> FindPlanAsync(string planId, CancellationToken cancellationToken)
    {
        if (_plans.TryGetValue(planId, out var known))
        {
            return known;
        }

        var p = await db.Set<PlanRow>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == planId, cancellationToken).ConfigureAwait(false);
        if (p is null)
        {
            return null;
        }

        var plan = ToPlan(p);
        _plans[planId] = plan;
        return plan;
    }

    private static StoredPlan ToPlan(PlanRow p)
    {
        var classes = p.Classes.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(c => InformationClasses.TryParse(c, out var parsed) ? parsed : throw new FormatException($"Plan {p.Id}: unknown information class '{c}'."));
        return new StoredPlan(p.Id, p.CaseId, p.ImportId, p.Date, p.RegimeOverride, p.RegimeId, p.RuleSetSha256, p.DatasetName, p.DatasetVersion,
            p.DatasetSha256, p.PartiesSha256, [.. classes], p.CreatedBy, p.CreatedAt)
        {
            Version = Math.Max(1, p.PlanVersion),
            Supersedes = p.Supersedes,
            SupersededBy = p.SupersededBy,
            AddressesByCountry = p.CountsJson is null ? null
                : (JsonSerializer.Deserialize<Dictionary<string, int>>(p.CountsJson, Json) ?? []).ToImmutableSortedDictionary(StringComparer.Ordinal),
        };
    }

    public Task<IReadOnlyList<StoredRelease>> ReleasesAsync(string? partyId, CancellationToken cancellationToken) =>
        ReleasesAsync(partyId is null ? db.Set<ReleaseRow>() : db.Set<ReleaseRow>().Where(r => r.PartyId == partyId), cancellationToken);

    public Task<IReadOnlyList<StoredRelease>> CaseReleasesAsync(string caseId, CancellationToken cancellationToken) =>
        ReleasesAsync(db.Set<ReleaseRow>().Where(r => r.CaseId == caseId), cancellationToken);

    private static async Task<IReadOnlyList<StoredRelease>> ReleasesAsync(IQueryable<ReleaseRow> query, CancellationToken cancellationToken)
    {
        var rows = await query.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderBy(r => r.ReleasedAt).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => new StoredRelease(r.Id, r.CaseId, r.ShareId, r.PartyId, r.IndicatorCount, r.ReleasedBy, r.ReleasedAt, r.Tlp))];
    }

    public void AddCase(CaseFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        db.Set<CaseRow>().Add(new CaseRow
        {
            Id = file.Id,
            Title = file.Title,
            Source = file.Source,
            Tlp = file.Originator.Tlp.ToWire(),
            Purpose = OriginatorConditions.ToWire(file.Originator.Purpose),
            ThirdPartyRule = file.Originator.ThirdPartyRule,
            OriginatorConsent = file.Originator.OriginatorConsent,
            Owner = file.Owner,
            Urgency = file.Urgency.ToWire(),
            Deadline = file.Deadline?.ToUniversalTime(),
            State = file.State.ToWire(),
            CreatedBy = file.CreatedBy,
            CreatedAt = file.CreatedAt.ToUniversalTime(),
            Version = file.Version,
        });
    }

    public void UpdateCase(CaseFile before, CaseFile after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        _cases.Remove(before.Id);
        var row = Attach<CaseRow>(new CaseRow { Id = before.Id, Version = before.Version });
        Set(row, r => r.Owner, after.Owner);
        Set(row, r => r.State, after.State.ToWire());
        if (after.Originator != before.Originator)
        {
            // An import's markings tightened the originator's conditions (only while the case has no plan).
            Set(row, r => r.Tlp, after.Originator.Tlp.ToWire());
            Set(row, r => r.Purpose, OriginatorConditions.ToWire(after.Originator.Purpose));
            Set(row, r => r.ThirdPartyRule, after.Originator.ThirdPartyRule);
            Set(row, r => r.OriginatorConsent, after.Originator.OriginatorConsent);
        }

        Set(row, r => r.PendingHandoverId, after.Handover?.HandoverId);
        if (after.Closure != before.Closure)
        {
            Set(row, r => r.ClosureReason, after.Closure?.Reason);
            Set(row, r => r.ClosedBy, after.Closure?.ClosedBy);
            Set(row, r => r.ClosedAt, after.Closure?.ClosedAt.ToUniversalTime());
        }

        Set(row, r => r.Version, before.Version + 1);
        if (after.Handover is { } offered && offered.HandoverId != before.Handover?.HandoverId)
        {
            db.Set<HandoverRow>().Add(new HandoverRow
            {
                Id = offered.HandoverId,
                CaseId = after.Id,
                From = offered.From,
                To = offered.To,
                NoteJson = JsonSerializer.Serialize(offered.Note, Json),
                OfferedAt = offered.OfferedAt.ToUniversalTime(),
            });
        }

        if (before.Handover is { } previous && after.Handover is null)
        {
            var handover = Attach<HandoverRow>(new HandoverRow { Id = previous.HandoverId });
            Set(handover, h => h.Accepted, true);
        }
    }

    public void AddImport(StoredImport import, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(import);
        db.Set<ImportRow>().Add(ToRow(import));
        db.Set<ImportContentRow>().Add(new ImportContentRow { ImportId = import.Id, Content = content });
    }

    private static ImportRow ToRow(StoredImport import) => new()
    {
        Id = import.Id,
        CaseId = import.CaseId,
        FileName = import.FileName,
        Sha256 = import.Sha256,
        Lines = import.Lines,
        Accepted = import.Accepted,
        Rejected = import.Rejected,
        Bytes = import.Bytes,
        ImportedBy = import.ImportedBy,
        ImportedAt = import.ImportedAt.ToUniversalTime(),
    };

    public void AddPlan(StoredPlan plan, IReadOnlyList<NewShare> shares)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(shares);
        db.Set<PlanRow>().Add(new PlanRow
        {
            Id = plan.Id,
            CaseId = plan.CaseId,
            ImportId = plan.ImportId,
            Date = plan.Date,
            RegimeOverride = plan.RegimeOverride,
            RegimeId = plan.RegimeId,
            RuleSetSha256 = plan.RuleSetSha256,
            DatasetName = plan.DatasetName,
            DatasetVersion = plan.DatasetVersion,
            DatasetSha256 = plan.DatasetSha256,
            PartiesSha256 = plan.PartiesSha256,
            Classes = string.Join(',', plan.Classes.Select(c => c.ToWire())),
            CreatedBy = plan.CreatedBy,
            CreatedAt = plan.CreatedAt.ToUniversalTime(),
            PlanVersion = plan.Version,
            Supersedes = plan.Supersedes,
            CountsJson = plan.AddressesByCountry is { } counts ? JsonSerializer.Serialize(counts, Json) : null,
        });
        foreach (var share in shares)
        {
            var f = share.File;
            var indexes = new byte[share.Indexes.Length * 4];
            for (var i = 0; i < share.Indexes.Length; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(indexes.AsSpan(i * 4, 4), share.Indexes[i]);
            }

            db.Set<ShareRow>().Add(new ShareRow
            {
                Id = f.Id,
                CaseId = f.CaseId,
                PlanId = f.PlanId,
                PartyId = f.PartyId,
                PartyName = f.PartyName,
                IndicatorCount = f.IndicatorCount,
                State = f.State.ToWire(),
                Verdict = f.Assessment.Verdict.ToWire(),
                BasisJson = JsonSerializer.Serialize(f.Assessment.Basis, Json),
                ConditionsJson = JsonSerializer.Serialize(f.Assessment.Conditions, Json),
                RuleSetSha256 = f.Assessment.RuleSetSha256,
                AssessmentDate = f.Assessment.Date,
                WhatIf = f.Assessment.WhatIf,
                PartyFingerprint = f.Assessment.PartyFingerprint,
                AssessmentJson = share.AssessmentJson,
                Indexes = indexes,
                PreparedBy = f.PreparedBy,
                ExceptionalRisk = f.ExceptionalRisk,
                Version = f.Version,
                PartySha256 = f.PartySha256,
                AddressesSha256 = f.AddressesSha256,
                PreviousShareId = f.PreviousShareId,
            });

            for (var seq = 0; seq < share.IndicatorChunks.Count; seq++)
            {
                db.Set<ShareIndicatorChunkRow>().Add(new ShareIndicatorChunkRow
                {
                    ShareId = f.Id,
                    Seq = seq,
                    Count = IndicatorChunks.CountOf(share.IndicatorChunks[seq]),
                    Content = share.IndicatorChunks[seq],
                });
            }

            // What a re-assessment carries over: copies on the new share; the earlier rows stay as the record.
            foreach (var item in f.Advice)
            {
                db.Set<AdviceRow>().Add(ToRow(f, item));
            }

            foreach (var confirmation in f.Confirmations)
            {
                AddConfirmation(f.Id, confirmation);
            }

            if (f.Decision is { } d)
            {
                db.Set<DecisionRow>().Add(ToRow(f, d));
            }
        }
    }

    private static AdviceRow ToRow(ShareFile share, AdviceItem item) => new()
    {
        Id = item.Id,
        CaseId = share.CaseId,
        ShareId = share.Id,
        Adviser = item.Adviser.ToWire(),
        Question = item.Question,
        RequestedBy = item.RequestedBy,
        RequestedAt = item.RequestedAt.ToUniversalTime(),
        Answer = item.Answer,
        AnsweredBy = item.AnsweredBy,
        AnsweredAt = item.AnsweredAt?.ToUniversalTime(),
    };

    private static DecisionRow ToRow(ShareFile share, ShareDecision d) => new()
    {
        Id = d.Id,
        CaseId = share.CaseId,
        ShareId = share.Id,
        Outcome = d.Outcome.ToWire(),
        Motivation = d.Motivation,
        PreparedBy = d.PreparedBy,
        DecidedBy = d.DecidedBy,
        DecidedAs = d.DecidedAs.ToWire(),
        DecidedAt = d.DecidedAt.ToUniversalTime(),
    };

    public void UpdateShare(ShareFile before, ShareFile after, string? newAssessmentJson = null)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var row = Attach<ShareRow>(new ShareRow { Id = before.Id, Version = before.Version });
        Set(row, r => r.State, after.State.ToWire());
        Set(row, r => r.ExceptionalRisk, after.ExceptionalRisk);
        Set(row, r => r.Version, before.Version + 1);
        if (after.SupersededBy != before.SupersededBy)
        {
            Set(row, r => r.SupersededBy, after.SupersededBy);
        }

        if (newAssessmentJson is not null)
        {
            Set(row, r => r.AssessmentJson, newAssessmentJson);
            Set(row, r => r.Verdict, after.Assessment.Verdict.ToWire());
            Set(row, r => r.BasisJson, JsonSerializer.Serialize(after.Assessment.Basis, Json));
            Set(row, r => r.ConditionsJson, JsonSerializer.Serialize(after.Assessment.Conditions, Json));
            Set(row, r => r.RuleSetSha256, after.Assessment.RuleSetSha256);
            Set(row, r => r.AssessmentDate, after.Assessment.Date);
            Set(row, r => r.WhatIf, after.Assessment.WhatIf);
            Set(row, r => r.PartyFingerprint, after.Assessment.PartyFingerprint);
        }

        foreach (var item in after.Advice)
        {
            var old = before.Advice.FirstOrDefault(a => a.Id == item.Id);
            if (old is null)
            {
                db.Set<AdviceRow>().Add(ToRow(after, item));
            }
            else if (old.Pending && !item.Pending)
            {
                var answered = Attach<AdviceRow>(new AdviceRow { Id = item.Id });
                Set(answered, a => a.Answer, item.Answer);
                Set(answered, a => a.AnsweredBy, item.AnsweredBy);
                Set(answered, a => a.AnsweredAt, item.AnsweredAt?.ToUniversalTime());
            }
        }

        if (after.Decision is { } d && before.Decision is null)
        {
            db.Set<DecisionRow>().Add(ToRow(after, d));
        }
    }

    public void AddConfirmation(string shareId, Confirmation confirmation)
    {
        ArgumentNullException.ThrowIfNull(confirmation);
        db.Set<ConfirmationRow>().Add(new ConfirmationRow
        {
            ShareId = shareId,
            ConditionId = confirmation.ConditionId,
            Reference = confirmation.Reference,
            ConfirmedBy = confirmation.ConfirmedBy,
            ConfirmedAt = confirmation.ConfirmedAt.ToUniversalTime(),
        });
    }

    public void AddRelease(StoredRelease release)
    {
        ArgumentNullException.ThrowIfNull(release);
        db.Set<ReleaseRow>().Add(new ReleaseRow
        {
            Id = release.Id,
            CaseId = release.CaseId,
            ShareId = release.ShareId,
            PartyId = release.PartyId,
            IndicatorCount = release.IndicatorCount,
            ReleasedBy = release.ReleasedBy,
            ReleasedAt = release.ReleasedAt.ToUniversalTime(),
            Tlp = release.Tlp,
        });
    }

    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConcurrentChangeException("Someone else changed this at the same moment and was first; read it again and retry if still needed.", ex);
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            throw new ConcurrentChangeException("This was already recorded (by someone else, at the same moment); read it again.", ex);
        }
    }

    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync().ConfigureAwait(false);
        if (owned is not null)
        {
            // A transaction the context only borrowed (a deferred SQLite read): end it, and give the connection back.
            await owned.DisposeAsync().ConfigureAwait(false);
            await db.Database.UseTransactionAsync(null).ConfigureAwait(false);
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }

        db.ChangeTracker.Clear();
    }

    private static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        SqliteException s => s.SqliteErrorCode == 19,
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    private T Attach<T>(T stub)
        where T : class
    {
        db.Set<T>().Attach(stub);
        return stub;
    }

    private void Set<T, TValue>(T row, System.Linq.Expressions.Expression<Func<T, TValue>> property, TValue value)
        where T : class
    {
        var entry = db.Entry(row).Property(property);
        entry.CurrentValue = value;
        entry.IsModified = true;
    }

    private async Task<CaseFile> ToFileAsync(CaseRow row, CancellationToken cancellationToken)
    {
        HandoverRow? handover = null;
        if (row.PendingHandoverId is { } id)
        {
            handover = await db.Set<HandoverRow>().AsNoTracking().FirstOrDefaultAsync(h => h.Id == id, cancellationToken).ConfigureAwait(false);
        }

        return ToFile(row, handover);
    }

    private static CaseFile ToFile(CaseRow row, HandoverRow? h)
    {
        var pending = h is null || row.PendingHandoverId != h.Id ? null
            : new PendingHandover(h.Id, h.From, h.To, JsonSerializer.Deserialize<HandoverNote>(h.NoteJson, Json)!, h.OfferedAt);
        return new CaseFile(row.Id, row.Title, row.Source,
            new OriginatorConditions(TlpLevels.TryParse(row.Tlp, out var tlp) ? tlp : TlpLevel.Red,
                row.Purpose == "none" ? PurposeRestriction.None : PurposeRestriction.InformVictims, row.ThirdPartyRule, row.OriginatorConsent),
            row.Owner, Parse<Urgency>(row.Urgency), row.Deadline, Parse<CaseState>(row.State), row.CreatedBy, row.CreatedAt, pending, row.Version)
        {
            Closure = row.ClosureReason is { } reason ? new CaseClosure(reason, row.ClosedBy ?? "", row.ClosedAt ?? row.CreatedAt) : null,
        };
    }

    private static ShareFile ToFile(ShareRow r, List<AdviceRow> advice, List<DecisionRow> decisions, List<ConfirmationRow> confirmations)
    {
        var verdict = new ShareVerdict(CaseWire.ParseVerdict(r.Verdict),
            JsonSerializer.Deserialize<ImmutableArray<string>>(r.BasisJson, Json),
            JsonSerializer.Deserialize<ImmutableArray<ConditionStatus>>(r.ConditionsJson, Json),
            r.RuleSetSha256, r.AssessmentDate, r.WhatIf, r.PartyFingerprint);
        var items = advice.Where(a => a.ShareId == r.Id).OrderBy(a => a.RequestedAt).ThenBy(a => a.Id, StringComparer.Ordinal)
            .Select(a => new AdviceItem(a.Id, Parse<AdviserKind>(a.Adviser), a.Question, a.RequestedBy, a.RequestedAt, a.Answer, a.AnsweredBy, a.AnsweredAt));
        var decision = decisions.FirstOrDefault(d => d.ShareId == r.Id) is { } d
            ? new ShareDecision(d.Id, Parse<DecisionOutcome>(d.Outcome), d.Motivation, d.PreparedBy, d.DecidedBy, Parse<Role>(d.DecidedAs), d.DecidedAt)
            : null;
        var confirmed = confirmations.Where(c => c.ShareId == r.Id).OrderBy(c => c.Id)
            .Select(c => new Confirmation(c.ConditionId, c.Reference, c.ConfirmedBy, c.ConfirmedAt));
        return new ShareFile(r.Id, r.CaseId, r.PlanId, r.PartyId, r.PartyName, r.IndicatorCount, Parse<ShareState>(r.State), verdict, r.PreparedBy,
            r.ExceptionalRisk, [.. items], [.. confirmed], decision, r.Version)
        {
            PartySha256 = r.PartySha256,
            AddressesSha256 = r.AddressesSha256,
            PreviousShareId = r.PreviousShareId,
            SupersededBy = r.SupersededBy,
        };
    }

    /// <summary>A what-if recipient as stored (verdicts by wire name).</summary>
    private sealed record WhatIfRecipientJson(string PartyId, string PartyName, int IndicatorCount, string WhatIfVerdict, string[] WhatIfBasis, string InForceVerdict, string[] InForceBasis);

    private static StoredImport ToImport(ImportRow r) =>
        new(r.Id, r.CaseId, r.FileName, r.Sha256, r.Lines, r.Accepted, r.Rejected, r.Bytes, r.ImportedBy, r.ImportedAt);

    private static T Parse<T>(string text)
        where T : struct, Enum =>
        CaseWire.TryParse<T>(text, out var value) ? value : throw new FormatException($"'{text}' is not a {typeof(T).Name}.");
}
