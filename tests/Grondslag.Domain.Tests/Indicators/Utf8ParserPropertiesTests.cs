using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Grondslag.Domain.Indicators;

namespace Grondslag.Domain.Tests.Indicators;

/// <summary>
/// The byte reader of <see cref="IndicatorListParser.ParseFile"/> (blocks split at line boundaries, chunks parsed in
/// parallel and appended in order) gives exactly what the line-by-line text reader gives: every count, address, line
/// number, first occurrence, kept rejection and refusal, for random inputs and random block and chunk sizes.
/// </summary>
public sealed class Utf8ParserPropertiesTests
{
    /// <summary>A random input as bytes, with the sizes the byte reader is run with.</summary>
    public sealed record Input(byte[] Bytes, string? CsvColumn, int BlockBytes, int Workers, int MinChunkBytes, int MaxReported)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"block {BlockBytes}, workers {Workers}, chunk {MinChunkBytes}, kept {MaxReported}, csv {CsvColumn ?? "-"}: {Encoding.UTF8.GetString(Bytes).Replace("\n", "\\n", StringComparison.Ordinal)}");
    }

    private static readonly string[] Fixed =
    [
        "", "   ", "# a comment", "#", "1.1.1.1", "8.8.8.8", " 9.9.9.9\t", "1.1.1.1 # with comment", "10.0.0.1", "127.0.0.1",
        "192.168.1.1", "100.64.0.1", "2001:4860:4860::8888", "2001:4860:4860:0:0:0:0:8888", "::ffff:8.8.8.8", "fe80::1", "::1",
        "fe80::1%eth0", "1::2::3", "192.0.2.0/24", "8.8.8.0/24", "8.8.8.8/32", "2001:db8::/32", "1.2.3.0/40", "192.0.2.1/24",
        "1.2.3", "010.1.2.3", "0x7f.0.0.1", "256.1.2.3", "1.2.3.4 junk", "1.2.3.4x", "1.2.3.4;", "hello", "1.1.1.1\u00a0",
        "\u00a01.0.0.1", "ünïcode", "\uFEFF8.8.4.4", "1.0.0.1\v", "0.0.0.0", "255.255.255.255", "1.2.3.04", "01.2.3.4",
    ];

    private static readonly string[] CsvRows =
    [
        "1,1.1.1.1", "\"2\",\"8.8.8.8\"", "3,\"9.9.9.9\"", "\"4,1.1.1.1", "5", "6,10.0.0.1", "7,\"1.2.3.4\"x", "8, 2001:4860:4860::8888 ",
        "9,hello", "10,192.0.2.0/24", "11,\"1.1.1.1\",extra",
    ];

    private static Gen<string> AddressLine =>
        Gen.OneOf(
            Gen.Elements(Fixed),
            from a in Gen.Choose(1, 223)
            from b in Gen.Choose(0, 255)
            from c in Gen.Choose(0, 3)
            from d in Gen.Choose(0, 255)
            select string.Create(CultureInfo.InvariantCulture, $"{a}.{b}.{c}.{d}"));

    public static Arbitrary<Input> Inputs() =>
        (from csv in Gen.Elements(false, false, true)
         from lines in csv
             ? Gen.ListOf(Gen.OneOf(Gen.Elements(CsvRows), AddressLine.Select(a => "0," + a), Gen.Elements("", "# c")))
             : Gen.ListOf(AddressLine)
         from header in Gen.Elements("id,ip", "\"id\",\"IP\"", "# first a comment\nid,ip", "id,address")
         from crlf in Gen.Elements(false, true)
         from bom in Gen.Elements(false, false, true)
         from finalNewline in Gen.Elements(false, true)
         from invalidUtf8 in Gen.Elements(false, false, false, true)
         from blockBytes in Gen.Choose(16, 300)
         from workers in Gen.Choose(1, 4)
         from minChunk in Gen.Choose(1, 64)
         from maxReported in Gen.Choose(1, 6)
         select new Input(
             Encode(csv ? [header, .. lines] : [.. lines], crlf, bom, finalNewline, invalidUtf8),
             csv ? "ip" : null, blockBytes, workers, minChunk, maxReported)).ToArbitrary();

    private static byte[] Encode(IReadOnlyList<string> lines, bool crlf, bool bom, bool finalNewline, bool invalidUtf8)
    {
        var text = string.Join(crlf ? "\r\n" : "\n", lines) + (finalNewline && lines.Count > 0 ? (crlf ? "\r\n" : "\n") : "");
        var bytes = new List<byte>();
        if (bom)
        {
            bytes.AddRange([0xEF, 0xBB, 0xBF]);
        }

        bytes.AddRange(Encoding.UTF8.GetBytes(text));
        if (invalidUtf8 && bytes.Count > 0)
        {
            // A lone continuation byte and a truncated sequence in the middle of the input.
            bytes.InsertRange(bytes.Count / 2, [0x80, 0xE2, 0x82]);
        }

        return [.. bytes];
    }

    [Property(Arbitrary = [typeof(Utf8ParserPropertiesTests)], MaxTest = 300)]
    public void ParseBytes_AnyInputAndChunking_IsWhatTheLineByLineReaderGives(Input input)
    {
        var options = new IndicatorListOptions { CsvColumn = input.CsvColumn, MaxReportedLines = input.MaxReported };
        var expected = Outcome(() => IndicatorListParser.Parse("in.txt", new StreamReader(new MemoryStream(input.Bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true), options));

        var actual = Outcome(() => IndicatorListParser.Parse("in.txt", new MemoryStream(input.Bytes),
            options with { BlockBytes = input.BlockBytes, Workers = input.Workers, MinChunkBytes = input.MinChunkBytes }));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ParseFile_Utf16WithByteOrderMark_IsReadAsText()
    {
        var path = Path.Combine(Path.GetTempPath(), $"utf16-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "1.1.1.1\n# c\nhello\n2001:4860:4860::8888\n", new UnicodeEncoding(bigEndian: false, byteOrderMark: true));
        try
        {
            var list = IndicatorListParser.ParseFile(path);

            Assert.Equal(["1.1.1.1", "2001:4860:4860::8888"], list.Attributable.Select(a => a.ToString()));
            Assert.Equal(3, Assert.Single(list.Rejected).Line);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ParseFile_ManyBlocksOnAllCores_KeepsLineNumbersAndFirstOccurrences()
    {
        // 200,000 lines over several 4 MiB blocks parsed in chunks: bad lines, private addresses and ranges at known lines.
        int[] publicFirst = [1, 8, 9, 23, 31, 45, 77, 81, 91, 145, 185, 193, 212];
        var text = new StringBuilder();
        for (var i = 1; i <= 200_000; i++)
        {
            text.Append(i % 50_000 == 0 ? "bad line" : i % 70_001 == 0 ? "10.0.0.1" : i % 90_001 == 0 ? "192.0.2.0/24"
                : string.Create(CultureInfo.InvariantCulture, $"{publicFirst[i % publicFirst.Length]}.{i / 256 % 256}.{i % 256}.7")).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var options = new IndicatorListOptions { BlockBytes = 1 << 20, MaxReportedLines = 3 };

        var list = IndicatorListParser.Parse("big.txt", new MemoryStream(bytes), options);
        var reference = IndicatorListParser.Parse("big.txt", new StreamReader(new MemoryStream(bytes)), options);

        Assert.Equal([50_000L, 100_000L, 150_000L], list.Rejected.Select(r => r.Line));
        Assert.Equal(4, list.RejectedCount);
        Assert.Equal(70_001, Assert.Single(list.NotAttributable).Line);
        Assert.Equal(90_001, Assert.Single(list.Ranges).Line);
        Assert.Equal(Describe(reference), Describe(list));
    }

    private static string Outcome(Func<IndicatorList> parse)
    {
        try
        {
            return Describe(parse());
        }
        catch (IndicatorListException ex)
        {
            return "refused: " + ex.Text;
        }
    }

    private static string Describe(IndicatorList list) => string.Join('\n',
        string.Create(CultureInfo.InvariantCulture, $"{list.Lines} {list.SkippedLines} {list.AddressLines} {list.Duplicates} {list.NotAttributableCount} {list.RangeLines} {list.RejectedCount}"),
        string.Join(' ', list.Attributable),
        string.Join('|', list.NotAttributable),
        string.Join('|', list.Ranges),
        string.Join('|', list.Rejected));
}
