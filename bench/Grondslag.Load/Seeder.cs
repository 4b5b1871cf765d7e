using System.Diagnostics;
using System.Globalization;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;
using Grondslag.Storage;
using Grondslag.Storage.Cases;

namespace Grondslag.Load;

/// <summary>
/// Seeds cases in bulk through the server's own case store (<see cref="EfCaseStore"/>: the same domain records and row
/// mapping the server writes), a thousand per transaction, so the server shows them as any other case. They are not
/// in the audit log (no person created them); their titles say they are seeded.
/// </summary>
public static class Seeder
{
    private static readonly string[] Sources = ["MIVD", "AIVD", "NCSC", "CERT-EU", "Shadowserver", "KPN-CERT"];
    private static readonly TlpLevel[] Levels = [TlpLevel.Green, TlpLevel.Amber, TlpLevel.Amber, TlpLevel.AmberStrict, TlpLevel.Red, TlpLevel.Clear];

    public static async Task<(IReadOnlyList<string> Ids, TimeSpan Took)> SeedAsync(StorageOptions storage, int count, string owner, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(17);
        var ids = new List<string>(count);
        const int Batch = 1_000;
        for (var start = 0; start < count; start += Batch)
        {
            await using var db = GrondslagDatabase.Create(storage);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var store = new EfCaseStore(db);
            await using var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
            for (var i = start; i < Math.Min(count, start + Batch); i++)
            {
                var id = "case-seed" + i.ToString("x8", CultureInfo.InvariantCulture);
                var created = now.AddMinutes(-(count - i) * 20.0);
                var urgent = random.Next(10) == 0;
                var originator = new OriginatorConditions(Levels[random.Next(Levels.Length)],
                    random.Next(4) == 0 ? PurposeRestriction.None : PurposeRestriction.InformVictims, random.Next(3) == 0, false);
                tx.AddCase(new CaseFile(id, $"Seeded case {i + 1}: botnet report {random.Next(1000, 9999)}", Sources[random.Next(Sources.Length)], originator, owner,
                    urgent ? Urgency.Urgent : Urgency.Routine, urgent ? created.AddDays(3) : null,
                    CaseState.Intake, owner, created, null, 0));
                ids.Add(id);
            }

            await tx.SaveAsync(cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return (ids, clock.Elapsed);
    }
}
