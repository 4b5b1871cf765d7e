using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Grondslag.Domain.Parties;

namespace Grondslag.Domain.Tests.Parties;

public sealed class RecipientKeysTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 10, 10, 0, 0, TimeSpan.Zero);
    private static readonly string Fingerprint = new('A', 40);

    private static Party With(params Channel[] channels) =>
        new Party("cert-fr", "CERT-FR", RecipientKind.NationalCsirt, CountryCode.Parse("FR")) { Channels = [.. channels] };

    private static OpenPgpKeyFacts Key(DateTimeOffset? expires = null, bool revoked = false, bool encrypts = true) =>
        new(Fingerprint, ["CERT-FR <cert-fr@example.org>"], ["cert-fr@example.org"], Now.AddYears(-1), expires, revoked, encrypts, expires);

    public static Arbitrary<(int ExpiresInDays, bool Revoked, bool Encrypts, bool InKeyring, bool Placeholder)> Keys() =>
        (from days in Gen.Choose(-400, 400)
         from revoked in Gen.Elements(false, false, true)
         from encrypts in Gen.Elements(true, true, false)
         from inKeyring in Gen.Elements(true, true, false)
         from placeholder in Gen.Elements(false, false, true)
         select (days, revoked, encrypts, inKeyring, placeholder)).ToArbitrary();

    // Mail can go out exactly when the registry names a key the keyring has, not revoked, able to encrypt and not expired:
    // then there is no blocking warning, otherwise exactly one; expiry within the horizon warns without blocking.
    [Property(Arbitrary = [typeof(RecipientKeysTests)], MaxTest = 500)]
    public bool Check_AnyKeyState_BlocksExactlyWhenMailCannotGoOut((int ExpiresInDays, bool Revoked, bool Encrypts, bool InKeyring, bool Placeholder) k)
    {
        var expires = Now.AddDays(k.ExpiresInDays);
        var party = With(new Channel(ChannelKind.Email, "cert-fr@example.org", k.Placeholder ? OpenPgpFingerprints.Placeholder : Fingerprint));
        var warnings = RecipientKeys.Check(party, f => k.InKeyring && f == Fingerprint ? Key(expires, k.Revoked, k.Encrypts) : null, Now);
        var usable = !k.Placeholder && k.InKeyring && !k.Revoked && k.Encrypts && expires > Now;
        var soon = usable && expires <= Now + RecipientKeys.Horizon;
        return warnings.Length <= 1
            && warnings.Any(w => w.BlocksMail) == !usable
            && warnings.Any(w => w.Problem == RecipientKeyProblem.ExpiresSoon) == soon
            && warnings.All(w => w.Text.En.Contains("CERT-FR", StringComparison.Ordinal) && w.Text.Nl.Contains("CERT-FR", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_NoEmailChannel_NoWarningBecauseTaxiiNeedsNoKey()
    {
        var party = With(new Channel(ChannelKind.Taxii, "https://taxii.example/"));

        Assert.Empty(RecipientKeys.Check(party, _ => null, Now));
    }

    [Fact]
    public void Check_PlaceholderOrMissingKey_NamesTheFixInBothLanguages()
    {
        var placeholder = RecipientKeys.Check(With(new Channel(ChannelKind.Email, "a@b.example", OpenPgpFingerprints.Placeholder)), _ => null, Now).Single();
        var missing = RecipientKeys.Check(With(new Channel(ChannelKind.Email, "a@b.example", Fingerprint)), _ => null, Now).Single();

        Assert.Equal(("placeholder", "missing"), (placeholder.Code, missing.Code));
        Assert.All(new[] { placeholder, missing }, w => Assert.Contains("import-keys", w.Text.En, StringComparison.Ordinal));
        Assert.All(new[] { placeholder, missing }, w => Assert.Contains("import-keys", w.Text.Nl, StringComparison.Ordinal));
    }
}
