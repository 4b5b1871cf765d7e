using Grondslag.Attribution.Sources;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Parties;

namespace Grondslag.Attribution.Tests.Sources;

public sealed class RirDelegatedCountrySourceTests
{
    [Fact]
    public void Load_DelegatedExtendedFile_GivesCountriesForAllocatedRecords()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path,
            [
                "2|ripencc|1718236799|3|19830705|20240612|+0200",
                "ripencc|*|ipv4|*|2|summary",
                "ripencc|NL|ipv4|145.0.0.0|65536|19930901|allocated|a1",
                "ripencc|DE|ipv4|5.1.0.0|768|20120101|assigned|b2",
                "ripencc||ipv4|5.2.0.0|256||available|",
                "ripencc|FR|ipv6|2001:660::|32|20000101|allocated|c3",
            ]);

            var table = RirDelegatedCountrySource.Load([path]);

            Assert.Equal(CountryCode.Parse("NL"), table.Find(IpAddress.Parse("145.0.255.255")));
            Assert.Null(table.Find(IpAddress.Parse("145.1.0.0")));
            Assert.Equal(CountryCode.Parse("DE"), table.Find(IpAddress.Parse("5.1.2.255")));
            Assert.Null(table.Find(IpAddress.Parse("5.1.3.0")));
            Assert.Null(table.Find(IpAddress.Parse("5.2.0.1")));
            Assert.Equal(CountryCode.Parse("FR"), table.Find(IpAddress.Parse("2001:660:ffff::1")));
            Assert.Equal(64, table.Dataset.Sha256.Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_BadStart_NamesFileAndLine()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, ["ripencc|NL|ipv4|145.0.0|256|19930901|allocated"]);

            var error = Assert.Throws<InvalidDataException>(() => RirDelegatedCountrySource.Load([path]));

            Assert.Contains($"{path}, line 1", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
