using Grondslag.Delivery.Csv;
using CsvText = Grondslag.Domain.Text.Csv;

namespace Grondslag.Delivery.Tests.Csv;

public sealed class ShareCsvTests
{
    [Fact]
    public void Write_Share_HeaderAndOneRowPerIndicator()
    {
        var share = TestShares.France();
        var lines = ShareCsv.Write(share).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ip,asn,as_org,country,first_seen,campaign,tlp", lines[0]);
        Assert.Equal(share.Indicators.Length + 1, lines.Length);
        Assert.Equal(["198.51.100.7", "64500", "Example Telecom FR", "FR", "2024-06-10", "COATHANGER", "TLP:AMBER"], CsvText.Split(lines[1]));
        Assert.Equal("2001:db8::42", CsvText.Split(lines[3])![0]);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example/\",\"click\")")]
    [InlineData("+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1:A2)")]
    [InlineData("\tTAB")]
    [InlineData("\rCR")]
    public void Write_FormulaInOrganisationOrCampaign_IsNeutralised(string hostile)
    {
        var share = TestShares.Release(
            TestShares.Party("cert-fr", "CERT-FR", "FR", "cert-fr@contacts.example", null),
            [TestShares.Indicator("198.51.100.7", "FR", 64500, hostile)],
            campaign: hostile);
        var csv = ShareCsv.Write(share);
        var record = csv[(csv.IndexOf("\r\n", StringComparison.Ordinal) + 2)..];
        var cells = CsvText.Split(record.TrimEnd('\n').TrimEnd('\r'))!;
        Assert.Equal("'" + hostile, cells[2]);
        Assert.Equal("'" + hostile, cells[5]);
        Assert.DoesNotContain(cells, c => c.Length > 0 && c[0] is '=' or '+' or '-' or '@' or '\t' or '\r');
    }

    [Fact]
    public void Write_QuotesAndCommas_AreQuotedPerRfc4180()
    {
        var share = TestShares.Release(
            TestShares.Party("cert-fr", "CERT-FR", "FR", "cert-fr@contacts.example", null),
            [TestShares.Indicator("198.51.100.7", "FR", 64500, "Acme, \"The\" ISP")]);
        Assert.Contains("\"Acme, \"\"The\"\" ISP\"", ShareCsv.Write(share), StringComparison.Ordinal);
    }
}
