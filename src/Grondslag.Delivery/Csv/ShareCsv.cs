using System.Globalization;
using System.Text;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Law;
using CsvText = Grondslag.Domain.Text.Csv;

namespace Grondslag.Delivery.Csv;

/// <summary>
/// A released share as CSV for a recipient's spreadsheet: one row per indicator, RFC 4180 quoting and
/// formula neutralisation by the project's one CSV writer (<see cref="CsvText.Cell"/>).
/// </summary>
public static class ShareCsv
{
    public const string Header = "ip,asn,as_org,country,first_seen,campaign,tlp";

    /// <summary>
    /// The CSV text (CRLF line ends, as RFC 4180 prescribes). <c>first_seen</c> is the release date: a released
    /// share does not carry the time an address was first observed.
    /// </summary>
    public static string Write(ReleasedShare share)
    {
        ArgumentNullException.ThrowIfNull(share);
        var text = new StringBuilder(Header).Append("\r\n");
        var firstSeen = DisclosureGate.LegalDay(share.ReleasedAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var indicator in share.Indicators)
        {
            CsvText.AppendRecord(
                text,
                indicator.Address.ToString(),
                indicator.Asn == 0 ? "" : indicator.Asn.ToString(CultureInfo.InvariantCulture), // AS 0 is reserved: unknown stays empty
                indicator.AsOrganisation,
                indicator.Country?.Value ?? "",
                firstSeen,
                share.Campaign,
                share.Tlp.ToLabel()).Append("\r\n");
        }

        return text.ToString();
    }
}
