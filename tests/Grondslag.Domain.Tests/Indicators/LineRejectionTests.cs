using Grondslag.Domain.Indicators;
using Grondslag.Domain.Indicators.Intake;

namespace Grondslag.Domain.Tests.Indicators;

/// <summary>
/// Every rejected line or item carries a stable code and its reason in English and Dutch; the fixed reasons are shared
/// instances (nothing made per rejected line); and a reason stored before codes existed is read back by its English text.
/// </summary>
public sealed class LineRejectionTests
{
    [Fact]
    public void Parse_BadLines_EachHasACodeAndBothTexts_FixedReasonsShared()
    {
        string[] bad = ["1.2.3", "010.1.2.3", "1.2.3.4 junk", "fe80::1%eth0", "192.0.2.1/24", "hello", "010.0.0.1"];
        var list = IndicatorListParser.Parse("bad.txt", "8.8.8.8\n" + string.Join('\n', bad));

        Assert.Equal(
            ["ipv4-shorthand", "ipv4-leading-zero", "text-after-address", "ipv6-zone-id", "prefix-host-bits-set", "not-an-address", "ipv4-leading-zero"],
            list.Rejected.Select(r => r.Rejection.Code));
        Assert.All(list.Rejected, r =>
        {
            Assert.Equal(r.Rejection.Text.En, r.Reason);
            Assert.NotEqual(r.Rejection.Text.En, r.Rejection.Text.Nl);
        });
        Assert.Contains("voorloopnullen", list.Rejected[1].Rejection.Text.Nl, StringComparison.Ordinal);
        Assert.Contains("onverwachte tekst na het adres", list.Rejected[2].Rejection.Text.Nl, StringComparison.Ordinal);
        // Two lines with the same error share one reason: the parser makes no reason per rejected line.
        Assert.Same(list.Rejected[1].Rejection, list.Rejected[6].Rejection);
        Assert.Same(LineRejections.Of(AddressSyntaxError.IPv4LeadingZero), list.Rejected[1].Rejection);
    }

    [Fact]
    public void Parse_CsvRows_MissingFieldAndMalformed_InBothLanguages()
    {
        var list = IndicatorListParser.Parse("scan.csv", "timestamp,ip\n2024-06-10,8.8.8.8\n2024-06-10\n\"2024-06-10,8.8.4.4\n", new IndicatorListOptions { CsvColumn = "ip" });

        Assert.Equal(["csv-missing-field", "csv-malformed"], list.Rejected.Select(r => r.Rejection.Code));
        Assert.Contains("deze rij heeft 1 veld(en) maar kolom 'ip' is veld 2", list.Rejected[0].Rejection.Text.Nl, StringComparison.Ordinal);
        Assert.Contains("onjuiste CSV", list.Rejected[1].Rejection.Text.Nl, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NothingUsable_TheDutchMessageQuotesTheDutchReason()
    {
        var refused = Assert.Throws<IndicatorListException>(() => IndicatorListParser.Parse("bad.txt", "010.1.2.3\n"));

        Assert.Contains("leading zero", refused.Message, StringComparison.Ordinal);
        Assert.Contains("voorloopnullen", refused.Nl, StringComparison.Ordinal);
        Assert.DoesNotContain("leading zero", refused.Nl, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MispAndStixItems_RejectedWithCodesAndDutch()
    {
        const string Misp = """{"Event": {"info": "t", "Attribute": [{"type": "ip-dst", "value": "8.8.8.8"}, {"type": "md5", "value": "d41d8cd98f00b204e9800998ecf8427e"}, {"type": "ip-dst|port", "value": "8.8.4.4"}]}}""";
        const string Stix = """{"type": "bundle", "id": "bundle--1", "objects": [{"type": "ipv4-addr", "value": "8.8.8.8"}, {"type": "file", "id": "file--1"}, {"type": "ipv4-addr"}]}""";

        var misp = IndicatorIntake.Read("event.json", Misp).List;
        var stix = IndicatorIntake.Read("bundle.json", Stix).List;

        Assert.Equal(["misp-type-not-imported", "misp-address-port"], misp.Rejected.Select(r => r.Rejection.Code));
        Assert.Equal(["stix-type-not-imported", "stix-no-value"], stix.Rejected.Select(r => r.Rejection.Code));
        Assert.Contains("MISP-attribuuttype 'md5' bevat geen IP-adres", misp.Rejected[0].Rejection.Text.Nl, StringComparison.Ordinal);
        Assert.Contains("een ipv4-addr-object zonder 'value'", stix.Rejected[1].Rejection.Text.Nl, StringComparison.Ordinal);
    }

    [Fact]
    public void Stored_WithCode_AsStored_OldEnglishOnly_RecognisedOrShownAsItIs()
    {
        var leadingZero = LineRejections.Of(AddressSyntaxError.IPv4LeadingZero);

        var current = LineRejections.Stored("csv-missing-field", "this row has 1 field(s)", "deze rij heeft 1 veld(en)");
        var recognised = LineRejections.Stored(null, leadingZero.Text.En, null);
        var unknown = LineRejections.Stored(null, "a reason worded differently in an old version", null);

        Assert.Equal(("csv-missing-field", "this row has 1 field(s)", "deze rij heeft 1 veld(en)"), (current.Code, current.Text.En, current.Text.Nl));
        Assert.Same(leadingZero, recognised);
        Assert.Equal((LineRejection.UnknownCode, "a reason worded differently in an old version", "a reason worded differently in an old version"), (unknown.Code, unknown.Text.En, unknown.Text.Nl));
    }
}
