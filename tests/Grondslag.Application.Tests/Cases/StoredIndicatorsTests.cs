using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Grondslag.Application.Auditing;
using Grondslag.Application.Cases;
using Grondslag.Attribution.Parties;
using Grondslag.Attribution.Routing;
using Grondslag.Attribution.Tables;
using Grondslag.Audit;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Indicators.Intake;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using Grondslag.Storage;
using Grondslag.Storage.Audit;
using Grondslag.Storage.Tests;
using Grondslag.Storage.Cases;

namespace Grondslag.Application.Tests.Cases;

/// <summary>
/// An import is parsed once (streamed) and a share's indicators are attributed once (when the plan is made) and
/// stored: what is read back is exactly what re-parsing and re-attributing the stored file gave before.
/// </summary>
public sealed class StoredIndicatorsTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.Providers;

    private static readonly Actor Alice = new("alice", Role.Analyst);

    private sealed class Sharing : ISharingContext
    {
        public AddressTables Tables => TestEnvironment.Tables;

        public PartyRegistry Parties { get; } = PartyRegistryLoader.LoadFile(Path.Combine(TestEnvironment.Root, "parties", "default.yaml"));

        public LegalEvaluator Evaluator => TestEnvironment.Evaluator;
    }

    private static readonly AuditLogSettings AuditSettings = new("grondslag.test/audit", Ed25519NoteSigner.Generate("grondslag.test/audit"), 0, null);

    private static async Task<T> RunAsync<T>(TestDatabase database, Func<ICaseStore, IAuditTrail, Task<T>> action)
    {
        await using var context = database.Context();
        return await action(new EfCaseStore(context), new AuditLog(context, TimeProvider.System, AuditSettings));
    }

    /// <summary>A random indicator list: public IPv4 and IPv6 addresses, duplicates, comments, blank lines, junk and special-purpose addresses.</summary>
    private static string RandomList(int seed, int lines)
    {
        var random = new Random(seed);
        var seen = new List<string>();
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            var line = random.Next(20) switch
            {
                0 => "# a comment",
                1 => "",
                2 => "not-an-address " + random.Next(1000).ToString(CultureInfo.InvariantCulture),
                3 => "10.0.0." + random.Next(256).ToString(CultureInfo.InvariantCulture),
                4 when seen.Count > 0 => seen[random.Next(seen.Count)],
                5 => IpAddress.FromIPv6(new UInt128(0x2a00_0000_0000_0000UL | ((ulong)random.Next() << 16), (ulong)random.NextInt64())).ToString(),
                6 => "192.0.2.0/24",
                _ => IpAddress.FromIPv4((uint)random.NextInt64(0x0100_0000, 0xDFFF_FFFF)).ToString(),
            };
            if (line.Length > 0 && line[0] is >= '0' and <= '9')
            {
                seen.Add(line);
            }

            text.Append(line).Append(random.Next(4) == 0 ? "\r\n" : "\n");
        }

        return text.ToString();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ShareIndicatorsAsync_RandomLists_SameAddressesCountriesAndAsAsReparsingTheStoredFile(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var sharing = new Sharing();
        foreach (var seed in Enumerable.Range(1, 4))
        {
            var text = RandomList(seed, 1_500 + (seed * 700));
            var created = await RunAsync(database, (s, a) => new CreateCase(s, a, new NoCommitHook(), new RandomIdGenerator(), TimeProvider.System)
                .ExecuteAsync(new CreateCaseCommand($"Random {seed}", "MIVD", OriginatorConditions.Default, Urgency.Routine, null), Alice));
            var caseId = created.Value!.Id;
            var stages = new List<ImportStage>();
            await using (var content = new MemoryStream(Encoding.UTF8.GetBytes(text)))
            {
                var imported = await RunAsync(database, (s, a) => new ImportIndicators(s, a, new NoCommitHook(), new RandomIdGenerator(), TimeProvider.System)
                    .ExecuteAsync(caseId, "random.txt", content, Alice, new SyncProgress(p => stages.Add(p.Stage))));
                Assert.True(imported.IsOk, imported.Refusal?.Reason);
            }

            Assert.Equal([ImportStage.Parsing, ImportStage.Storing, ImportStage.Done], stages.Distinct());
            var assessed = await RunAsync(database, (s, a) => new AssessCase(s, a, new NoCommitHook(), new RandomIdGenerator(), TimeProvider.System, sharing)
                .ExecuteAsync(caseId, new DateOnly(2024, 6, 10), null, Alice));
            Assert.True(assessed.IsOk, assessed.Refusal?.Reason);
            Assert.NotEmpty(assessed.Value!.Shares);

            // The old path: the stored file parsed again, attributed again, indexed by the share's stored indexes.
            var old = await RunAsync(database, async (s, _) =>
            {
                await using var tx = await s.BeginReadAsync(CancellationToken.None);
                var import = await tx.LatestImportAsync(caseId, CancellationToken.None);
                var bytes = await tx.ImportBytesAsync(import!.Id, CancellationToken.None);
                Assert.Equal(text, Encoding.UTF8.GetString(bytes));
                var list = IndicatorIntake.Addresses(import.Id, Encoding.UTF8.GetString(bytes), new IndicatorListOptions { MaxReportedLines = 0 });
                var attributed = AttributedAddresses.Attribute(list, sharing.Tables);
                var result = new Dictionary<string, List<OutgoingIndicator>>();
                foreach (var share in assessed.Value.Shares)
                {
                    var indexes = await tx.ShareIndexesAsync(share.Id, CancellationToken.None);
                    result[share.Id] = [.. indexes.Select(i => new OutgoingIndicator(attributed.Addresses[i], attributed.CountryOf(i), attributed.AsOf(i).Asn, attributed.AsOf(i).Organisation))];
                }

                return result;
            });

            var queries = new Func<string, int, int, Task<IndicatorPage?>>((shareId, offset, limit) =>
                RunAsync(database, (s, _) => new CaseQueries(s).ShareIndicatorsAsync(caseId, shareId, offset, limit)));
            foreach (var share in assessed.Value.Shares)
            {
                var stored = await queries(share.Id, 0, int.MaxValue);
                Assert.NotNull(stored);
                Assert.Equal(share.IndicatorCount, stored.Total);
                Assert.Equal(old[share.Id], stored.Items);

                // A page is the same slice of the whole.
                var page = await queries(share.Id, share.IndicatorCount / 3, 7);
                Assert.Equal(old[share.Id].Skip(share.IndicatorCount / 3).Take(7), page!.Items);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExecuteAsync_NoUsableAddress_RefusedWithLineAndReason_NothingStored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var created = await RunAsync(database, (s, a) => new CreateCase(s, a, new NoCommitHook(), new RandomIdGenerator(), TimeProvider.System)
            .ExecuteAsync(new CreateCaseCommand("Bad", "MIVD", OriginatorConditions.Default, Urgency.Routine, null), Alice));
        var caseId = created.Value!.Id;
        ImportProgress? last = null;
        await using var content = new MemoryStream(Encoding.UTF8.GetBytes("# header\nnot an address\n10.1.2.3\n"));
        var imported = await RunAsync(database, (s, a) => new ImportIndicators(s, a, new NoCommitHook(), new RandomIdGenerator(), TimeProvider.System)
            .ExecuteAsync(caseId, "bad.txt", content, Alice, new SyncProgress(p => last = p)));

        Assert.False(imported.IsOk);
        Assert.Contains("line 2", imported.Refusal!.Reason, StringComparison.Ordinal);
        Assert.Equal(ImportStage.Refused, last!.Stage);
        Assert.Equal(imported.Refusal.Reason, last.Message);
        await using var context = database.Context();
        Assert.Empty(context.Set<ImportRow>().Where(i => i.CaseId == caseId));
        Assert.Empty(context.Set<ImportChunkRow>());
        Assert.Empty(context.Set<ImportDigestRow>());
    }

    /// <summary>Reports synchronously, in order (System.Progress posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }

    public static Arbitrary<OutgoingIndicator[]> Indicators() =>
        Gen.ArrayOf(
            from high in ArbMap.Default.GeneratorFor<ulong>()
            from low in ArbMap.Default.GeneratorFor<ulong>()
            from country in Gen.Elements<string?>(null, "NL", "DE", "US", "JP", "EU")
            from asn in ArbMap.Default.GeneratorFor<uint>()
            from org in Gen.Elements("", "Example BV", "Ünïcode GmbH", "AS-1")
            select new OutgoingIndicator(IpAddress.FromValue(new UInt128(high, low)), country is null ? null : CountryCode.Parse(country), asn, org))
        .ToArbitrary();

    [Property(Arbitrary = [typeof(StoredIndicatorsTests)], MaxTest = 200)]
    public bool Decode_AnySliceOfAnEncodedChunk_IsThatSliceOfTheIndicators(OutgoingIndicator[] indicators, byte a, byte b)
    {
        var chunk = IndicatorChunks.Encode(indicators);
        var from = indicators.Length == 0 ? 0 : a % (indicators.Length + 1);
        var to = from + (b % (indicators.Length + 1 - from + 1));
        var decoded = new List<OutgoingIndicator>();
        IndicatorChunks.Decode(chunk, from, to, decoded);
        return IndicatorChunks.CountOf(chunk) == indicators.Length && decoded.SequenceEqual(indicators.Skip(from).Take(to - from));
    }

    public static Arbitrary<string[]> Lines() =>
        Gen.ArrayOf(Gen.OneOf(
            Gen.Elements("", "# comment", "  ", "junk", "1.2.3", "10.0.0.1", "192.0.2.0/24", "2001:db8::1", "::ffff:8.8.8.8", "8.8.8.8 # dns", "8.8.8.8,9.9.9.9", "\uFEFF1.1.1.1"),
            from v in ArbMap.Default.GeneratorFor<uint>() select IpAddress.FromIPv4(v).ToString()))
        .ToArbitrary();

    [Property(Arbitrary = [typeof(StoredIndicatorsTests)], MaxTest = 300)]
    public bool Read_FromAReader_SameListAsFromTheWholeText(string[] lines, bool csv, bool crlf)
    {
        var text = (csv ? "ip,port\n" : "") + string.Join(crlf ? "\r\n" : "\n", csv ? lines.Select(l => l.Replace(",", ";", StringComparison.Ordinal) + ",80") : lines);
        IntakeResult? whole = null;
        string? wholeError = null;
        try
        {
            whole = IndicatorIntake.Read("list", text);
        }
        catch (IndicatorListException ex)
        {
            wholeError = ex.Message;
        }

        try
        {
            // A small reader buffer is not needed: the head is 64 Ki characters, so longer texts cross it.
            var streamed = IndicatorIntake.Read("list", new StringReader(text));
            return whole is not null && streamed.Format == whole.Format && Same(whole.List, streamed.List);
        }
        catch (IndicatorListException ex)
        {
            return ex.Message == wholeError;
        }
    }

    [Fact]
    public void Read_FromAReader_ListLongerThanTheHead_SameAsFromTheWholeText()
    {
        var text = RandomList(7, 30_000);
        var whole = IndicatorIntake.Read("list", text);
        var streamed = IndicatorIntake.Read("list", new StringReader(text));
        Assert.True(text.Length > 1 << 17);
        Assert.True(Same(whole.List, streamed.List));
    }

    private static bool Same(IndicatorList a, IndicatorList b) =>
        a.Lines == b.Lines && a.SkippedLines == b.SkippedLines && a.AddressLines == b.AddressLines && a.Duplicates == b.Duplicates
        && a.Attributable.SequenceEqual(b.Attributable) && a.RejectedCount == b.RejectedCount && a.Rejected.SequenceEqual(b.Rejected)
        && a.NotAttributable.SequenceEqual(b.NotAttributable) && a.Ranges.SequenceEqual(b.Ranges) && a.RangeLines == b.RangeLines;
}
