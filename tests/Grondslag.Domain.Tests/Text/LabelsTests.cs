using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Grondslag.Domain.Law;
using Grondslag.Domain.Text;

namespace Grondslag.Domain.Tests.Text;

public sealed class LabelsTests
{
    /// <summary>Every public enum of the domain, found by reflection: a new enum without labels fails here.</summary>
    public static TheoryData<Type> DomainEnums()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(Verdict).Assembly.GetExportedTypes().Where(t => t.IsEnum).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            data.Add(type);
        }

        return data;
    }

    [Fact]
    public void DomainEnums_Reflection_FindsTheVocabulary()
    {
        var types = typeof(Verdict).Assembly.GetExportedTypes().Where(t => t.IsEnum).ToList();

        Assert.Contains(typeof(Verdict), types);
        Assert.Contains(typeof(Domain.Parties.RecipientKind), types);
        Assert.Contains(typeof(Domain.Cases.Role), types);
        Assert.Contains(typeof(Domain.Cases.ShareState), types);
        Assert.Contains(typeof(AlternativeKind), types);
        Assert.Contains(typeof(TlpLevel), types);
    }

    [Theory]
    [MemberData(nameof(DomainEnums))]
    public void Of_EveryValueOfEveryDomainEnum_HasEnglishAndDutch(Type enumType)
    {
        var values = Enum.GetValues(enumType).Cast<Enum>().ToList();

        Assert.All(values, value =>
        {
            var label = Labels.Of(value);
            Assert.False(string.IsNullOrWhiteSpace(label.En), $"{enumType.Name}.{value}");
            Assert.False(string.IsNullOrWhiteSpace(label.Nl), $"{enumType.Name}.{value}");

            // Never the internal name: "NotApplicable" is not what a reader sees.
            var name = value.ToString();
            if (HasCamelHump(name))
            {
                Assert.NotEqual(name, label.En);
                Assert.NotEqual(name, label.Nl);
            }
        });

        // Two values of one enum never read the same: a reader must be able to tell them apart.
        Assert.Equal(values.Count, values.Select(v => Labels.Of(v).En).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(values.Count, values.Select(v => Labels.Of(v).Nl).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Of_KnownValues_AreTheHumanWords()
    {
        Assert.Equal(new LocalText("National CSIRT", "Nationaal CSIRT"), Labels.Of(Domain.Parties.RecipientKind.NationalCsirt));
        Assert.Equal(new LocalText("Duty officer", "Piketofficier"), Labels.Of(Domain.Cases.Role.DutyOfficer));
        Assert.Equal("Niet van toepassing", Labels.Of(TraceStatus.NotApplicable).Nl);
        Assert.Equal("TLP:AMBER+STRICT", Labels.Of(TlpLevel.AmberStrict).Nl);
    }

    [Fact]
    public void Of_AnEnumOutsideTheDomain_IsRefused() =>
        Assert.Throws<ArgumentException>(() => Labels.Of(DayOfWeek.Monday));

    public static Arbitrary<string> Cultures() =>
        Gen.Elements("nl", "nl-NL", "nl-BE", "en", "en-GB", "en-US", "de-DE", "fr-FR", "").ToArbitrary();

    [Property(Arbitrary = [typeof(LabelsTests)])]
    public bool For_AnyCultureName_GivesDutchExactlyForDutchCultures(string culture)
    {
        var text = new LocalText("permitted", "toegestaan");
        var expected = culture.StartsWith("nl", StringComparison.Ordinal) ? "toegestaan" : "permitted";
        return text.For(culture) == expected;
    }

    [Theory]
    [InlineData("nl", "toegestaan")]
    [InlineData("nl-NL", "toegestaan")]
    [InlineData("nl-BE", "toegestaan")]
    [InlineData("en", "permitted")]
    [InlineData("en-GB", "permitted")]
    [InlineData("", "permitted")]
    public void For_Culture_DutchExactlyForDutchCultures(string culture, string expected) =>
        Assert.Equal(expected, new LocalText("permitted", "toegestaan").For(CultureInfo.GetCultureInfo(culture, predefinedOnly: false)));

    [Theory]
    [InlineData("nl_NL.UTF-8", "toegestaan")]
    [InlineData("en_GB.UTF-8", "permitted")]
    [InlineData(null, "permitted")]
    [InlineData("C", "permitted")]
    public void For_LanguageCode_AcceptsPosixLocales(string? language, string expected) =>
        Assert.Equal(expected, new LocalText("permitted", "toegestaan").For(language));

    [Fact]
    public void LocalText_MissingLanguage_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new LocalText("permitted", " "));
        Assert.Throws<ArgumentException>(() => new LocalText("", "toegestaan"));
    }

    private static bool HasCamelHump(string name) =>
        name.Zip(name.Skip(1)).Any(pair => char.IsLower(pair.First) && char.IsUpper(pair.Second));
}
