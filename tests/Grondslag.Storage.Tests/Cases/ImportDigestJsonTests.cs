using Grondslag.Application.Cases;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Indicators.Intake;
using Grondslag.Storage.Cases;

namespace Grondslag.Storage.Tests.Cases;

/// <summary>
/// The stored import digest keeps each rejected line's reason code and both texts; a digest stored before codes existed
/// (English reason only) still reads: a fixed reason is recognised by its text (and so shows in Dutch), any other reason
/// is shown as it was stored.
/// </summary>
public sealed class ImportDigestJsonTests
{
    [Fact]
    public void WriteThenRead_KeepsCodeAndBothTexts()
    {
        var digest = ImportDigest.Of(IntakeFormat.Text, IndicatorListParser.Parse("list.txt", "8.8.8.8\n010.1.2.3\n1.2.3.4 junk\n"));

        var json = ImportDigestJson.Write(digest);
        var read = ImportDigestJson.Read(json);

        Assert.Contains("\"code\":\"ipv4-leading-zero\"", json, StringComparison.Ordinal);
        Assert.Equal(digest.Rejected.Select(r => (r.Line, r.Text, r.Rejection.Code, r.Rejection.Text.En, r.Rejection.Text.Nl)),
            read.Rejected.Select(r => (r.Line, r.Text, r.Rejection.Code, r.Rejection.Text.En, r.Rejection.Text.Nl)));
    }

    [Fact]
    public void Read_DigestStoredBeforeCodes_RecognisedOrShownAsStored()
    {
        var leadingZero = LineRejections.Of(AddressSyntaxError.IPv4LeadingZero).Text.En;
        var old = $$"""
            {"format":"Text","lines":3,"skippedLines":0,"addressLines":1,"duplicates":0,"notAttributableCount":0,"notAttributable":[],
             "rangeLines":0,"ranges":[],"rejectedCount":2,"rejected":[{"line":2,"text":"010.1.2.3","reason":"{{leadingZero}}"},
             {"line":3,"text":"x","reason":"an old wording of a reason"}]}
            """;

        var read = ImportDigestJson.Read(old);

        Assert.Equal(("ipv4-leading-zero", leadingZero), (read.Rejected[0].Rejection.Code, read.Rejected[0].Reason));
        Assert.Contains("voorloopnullen", read.Rejected[0].Rejection.Text.Nl, StringComparison.Ordinal);
        Assert.Equal((LineRejection.UnknownCode, "an old wording of a reason", "an old wording of a reason"),
            (read.Rejected[1].Rejection.Code, read.Rejected[1].Reason, read.Rejected[1].Rejection.Text.Nl));
    }
}
