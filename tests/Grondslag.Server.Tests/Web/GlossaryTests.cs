using Grondslag.Server.Web;

namespace Grondslag.Server.Tests.Web;

/// <summary>The glossary (docs/glossary.md) gives every term's meaning in English and Dutch.</summary>
public sealed class GlossaryTests
{
    [Fact]
    public void Terms_ShippedGlossary_EveryTermHasEnglishAndDutchMeaning()
    {
        var terms = Glossary.Terms;

        Assert.NotEmpty(terms);
        Assert.All(terms, t =>
        {
            Assert.False(string.IsNullOrWhiteSpace(t.Meaning), t.Term);
            Assert.False(string.IsNullOrWhiteSpace(t.MeaningNl), t.Term);
            Assert.NotEqual(t.Meaning, t.MeaningNl);
            Assert.DoesNotContain("**", t.MeaningNl, StringComparison.Ordinal);
        });
        Assert.Contains(terms, t => t.Term == "beperkte kring" && t.MeaningText.For("nl").Contains("art. 20, tweede lid, Wbni", StringComparison.Ordinal));
    }

    [Fact]
    public void Link_DutchExplanation_LinksTheTermsItUses()
    {
        var html = Glossary.Link("Alleen de beperkte kring van art. 20, tweede lid, Wbni mag deze gegevens ontvangen.").ToString();

        Assert.Contains("href=\"/glossary#term-beperkte-kring\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/glossary#term-wbni\"", html, StringComparison.Ordinal);
    }
}
