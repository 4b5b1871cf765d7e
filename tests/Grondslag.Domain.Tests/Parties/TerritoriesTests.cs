using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Time;

namespace Grondslag.Domain.Tests.Parties;

public sealed class TerritoriesTests
{
    private static readonly CountryCode Fr = CountryCode.Parse("FR");
    private static readonly CountryCode Yt = CountryCode.Parse("YT");
    private static readonly CountryCode Gl = CountryCode.Parse("GL");
    private static readonly DateOnly Mayotte = new(2014, 1, 1);

    private static readonly Territories Facts = new(
    [
        new Territory(Yt, Fr, TerritoryStatus.OverseasCountryOrTerritory, new DateInterval(null, Mayotte.AddDays(-1)), "OCT", true),
        new Territory(Yt, Fr, TerritoryStatus.EuTerritory, new DateInterval(Mayotte, null), "TFEU art. 349, 355(1)", false),
        new Territory(Gl, CountryCode.Parse("DK"), TerritoryStatus.OverseasCountryOrTerritory, DateInterval.Always, "OCT", true),
    ]);

    public static Arbitrary<DateOnly> Days() => Gen.Choose(0, 365 * 60).Select(d => new DateOnly(1980, 1, 1).AddDays(d)).ToArbitrary();

    [Property(Arbitrary = [typeof(TerritoriesTests)])]
    public bool RoutingCountryOf_Mayotte_IsFranceExactlyFromItsAccessionAsOutermostRegion(DateOnly day) =>
        Facts.RoutingCountryOf(Yt, day) == (day >= Mayotte ? Fr : Yt)
        && (Facts.EuStateOf(Yt, day) is not null) == (day >= Mayotte);

    [Property(Arbitrary = [typeof(TerritoriesTests)])]
    public bool RoutingCountryOf_OverseasTerritoryOrUnlistedCode_IsTheCodeItself(DateOnly day) =>
        Facts.RoutingCountryOf(Gl, day) == Gl && Facts.RoutingCountryOf(Fr, day) == Fr && Territories.None.RoutingCountryOf(Yt, day) == Yt;

    [Property(Arbitrary = [typeof(TerritoriesTests)])]
    public bool IsEuMember_EuTerritory_FollowsItsStatesMembershipAndStatus(DateOnly day)
    {
        var facts = new CountryFacts([new Membership(Fr, new DateInterval(new DateOnly(1958, 1, 1), null), "Treaty of Rome")], [], []) { Territories = Facts };

        return facts.IsEuMember(Yt, day) == (day >= Mayotte) && !facts.IsEuMember(Gl, day) && facts.IsEeaMember(Yt, day) == (day >= Mayotte);
    }

    [Theory]
    [InlineData("EU", true)]
    [InlineData("AP", true)]
    [InlineData("ZZ", true)]
    [InlineData("XX", true)]
    [InlineData("XK", false)]
    [InlineData("NL", false)]
    [InlineData("RE", false)]
    public void IsPseudo_DatasetCodes_OnlyNonCountriesArePseudo(string code, bool pseudo)
    {
        Assert.Equal(pseudo, PseudoCountryCodes.IsPseudo(CountryCode.Parse(code)));
        Assert.Equal(pseudo, PseudoCountryCodes.ReasonFor(CountryCode.Parse(code)) is { } reason && reason.Contains($"'{code}'", StringComparison.Ordinal));
    }
}
