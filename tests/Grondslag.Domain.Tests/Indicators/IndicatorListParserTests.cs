using System.Text;
using Grondslag.Domain.Indicators;

namespace Grondslag.Domain.Tests.Indicators;

public sealed class IndicatorListParserTests
{
    [Fact]
    public void Parse_CommentsBlanksDuplicates_CountsExactly()
    {
        const string Text = "# list\n\n1.1.1.1\n8.8.8.8   # trailing comment\n1.1.1.1\r\n::ffff:8.8.8.8\n2001:4860:4860::8888\n2001:4860:4860:0:0:0:0:8888\n";

        var list = IndicatorListParser.Parse("t.txt", Text);

        Assert.Equal(8, list.Lines);
        Assert.Equal(2, list.SkippedLines);
        Assert.Equal(6, list.AddressLines);
        Assert.Equal(3, list.Duplicates);
        Assert.Equal(["1.1.1.1", "8.8.8.8", "2001:4860:4860::8888"], list.Attributable.Select(a => a.ToString()));
        Assert.Equal(0, list.RejectedCount);
    }

    [Fact]
    public void Parse_EveryBadForm_IsRejectedWithLineTextAndReason()
    {
        string[] bad = ["1", "1.2.3", "0x7f.1", "010.1.2.3", "256.1.2.3", "1.2.3.4 junk", "1.2.3.4x", "fe80::1%eth0", "1::2::3", "192.0.2.1/24", "1.2.3.0/40", "hello"];
        var text = "8.8.8.8\n" + string.Join('\n', bad);

        var list = IndicatorListParser.Parse("bad.txt", text);

        Assert.Equal(bad.Length, list.RejectedCount);
        for (var i = 0; i < bad.Length; i++)
        {
            Assert.Equal(i + 2, list.Rejected[i].Line);
            Assert.Equal(bad[i], list.Rejected[i].Text);
            Assert.NotEmpty(list.Rejected[i].Reason);
        }

        Assert.Contains("a.b.c.d", list.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("leading zero", list.Rejected[3].Reason, StringComparison.Ordinal);
        Assert.Contains("unexpected text", list.Rejected[5].Reason, StringComparison.Ordinal);
        Assert.Contains("zone id", list.Rejected[7].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Cidr_SingleAddressAcceptedWiderReportedAsRange()
    {
        var list = IndicatorListParser.Parse("c.txt", "1.1.1.1/32\n2001:4860::1/128\n1.1.1.0/24\n1.1.1.0/24\n2001:4860::/32\n");

        Assert.Equal(["1.1.1.1", "2001:4860::1"], list.Attributable.Select(a => a.ToString()));
        Assert.Equal(["1.1.1.0/24", "2001:4860::/32"], list.Ranges.Select(r => r.Prefix.ToString()));
        Assert.Equal(3, list.RangeLines);
        Assert.Equal(3, list.Ranges[0].Line);
    }

    [Fact]
    public void Parse_NotGloballyReachable_IsReportedNotAccepted()
    {
        var list = IndicatorListParser.Parse("n.txt", "10.0.0.1\n10.0.0.1\n192.168.1.1\nfe80::1\n1.1.1.1\n");

        Assert.Equal(3, list.NotAttributableCount);
        Assert.Equal(1, list.Duplicates);
        Assert.Contains("RFC 1918", list.NotAttributable[0].Reason, StringComparison.Ordinal);
        Assert.Equal(1, list.Accepted);
    }

    [Fact]
    public void Parse_CsvNamedColumn_ReadsQuotedFields()
    {
        const string Text = "first_seen,\"src ip\",note\n2024-01-01,\"1.1.1.1\",\"hello, world\"\n2024-01-02,8.8.8.8,x\n2024-01-03\n";

        var list = IndicatorListParser.Parse("c.csv", Text, new IndicatorListOptions { CsvColumn = "SRC IP" });

        Assert.Equal(["1.1.1.1", "8.8.8.8"], list.Attributable.Select(a => a.ToString()));
        Assert.Equal(4, Assert.Single(list.Rejected).Line);
    }

    [Fact]
    public void Parse_CsvMissingColumn_NamesTheColumns()
    {
        var error = Assert.Throws<IndicatorListException>(() =>
            IndicatorListParser.Parse("c.csv", "a,b\n1.1.1.1,2\n", new IndicatorListOptions { CsvColumn = "ip" }));

        Assert.Contains("'a', 'b'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n\n")]
    [InlineData("10.0.0.1\n192.0.2.0/24\nnonsense\n")]
    public void Parse_NoUsableAddress_IsAnError(string text)
    {
        var error = Assert.Throws<IndicatorListException>(() => IndicatorListParser.Parse("empty.txt", text));

        Assert.StartsWith("empty.txt contains no usable address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GeneratedInputWithRepeats_CountsUniqueExactly()
    {
        var random = new Random(1234);
        var expected = new HashSet<IpAddress>();
        var text = new StringBuilder();
        var lines = 0;
        while (lines < 50_000)
        {
            var address = random.Next(4) == 0
                ? IpAddress.FromIPv6(new UInt128(0x2a00_0000_0000_0000UL | (uint)random.Next(1000), (uint)random.Next(1000)))
                : IpAddress.FromIPv4((uint)(0x0100_0000 + random.Next(30_000)));
            text.Append(address).Append('\n');
            lines++;
            expected.Add(address);
        }

        var list = IndicatorListParser.Parse("g.txt", text.ToString());

        Assert.Equal(expected.Count, list.Accepted);
        Assert.Equal(lines - expected.Count, list.Duplicates);
        Assert.Equal(expected.Order(), list.Attributable);
    }

    [Fact]
    public void Parse_OneMillionLines_CountsEveryUniqueAddressExactly()
    {
        // Speed is measured in bench/ (BenchmarkDotNet), not asserted here.
        var text = new StringBuilder();
        var random = new Random(99);
        var expected = new HashSet<IpAddress>();
        for (var i = 0; i < 1_000_000; i++)
        {
            var address = IpAddress.FromIPv4((uint)random.NextInt64(0x0100_0000, 0xDF00_0000));
            text.Append(address).Append('\n');
            if (SpecialPurposeAddresses.IsGloballyReachable(address))
            {
                expected.Add(address);
            }
        }

        var list = IndicatorListParser.Parse("big", text.ToString());

        Assert.Equal(1_000_000, list.Lines);
        Assert.Equal(expected.Count, list.Accepted);
    }
}
