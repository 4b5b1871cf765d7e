using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Grondslag.Domain.Parties;

namespace Grondslag.Domain.Tests.Parties;

public sealed class OpenPgpFingerprintsTests
{
    private const string Hex = "0123456789abcdefABCDEF";

    // A fingerprint of 40 (v4) or 64 (v5, v6) hex digits in either case, written with spaces anywhere (as gpg groups it).
    public static Arbitrary<(string Canonical, string Written)> Written() =>
        (from length in Gen.Elements(40, 64)
         from digits in Gen.ArrayOf(Gen.Elements(Hex.ToCharArray()), length)
         from spaces in Gen.ArrayOf(Gen.Elements(0, 0, 0, 1, 2), length)
         select (new string(digits).ToUpperInvariant(), string.Concat(digits.Select((d, i) => new string(' ', spaces[i]) + d))))
        .ToArbitrary();

    [Property(Arbitrary = [typeof(OpenPgpFingerprintsTests)], MaxTest = 500)]
    public bool Normalise_AnyV4OrV6FingerprintWithSpaces_GivesUpperCaseHexWithoutSpaces((string Canonical, string Written) fingerprint) =>
        OpenPgpFingerprints.Normalise(fingerprint.Written) == fingerprint.Canonical;

    [Property(MaxTest = 500)]
    public bool Normalise_HexOfAnyOtherLength_IsRefused(PositiveInt length)
    {
        var n = length.Get % 100;
        return n is 40 or 64 || OpenPgpFingerprints.Normalise(new string('A', n)) is null;
    }

    [Theory]
    [InlineData("C0FF EE00 1234 5678 9ABC  DEF0 1234 5678 9ABC DEF0", "C0FFEE00123456789ABCDEF0123456789ABCDEF0")]
    [InlineData("0xc0ffee00123456789abcdef0123456789abcdef0", "C0FFEE00123456789ABCDEF0123456789ABCDEF0")]
    [InlineData("G0FFEE00123456789ABCDEF0123456789ABCDEF0", null)]
    [InlineData("PLACEHOLDER", null)]
    public void Normalise_Examples_AsGpgPrintsThem(string text, string? expected) =>
        Assert.Equal(expected, OpenPgpFingerprints.Normalise(text));

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData(" placeholder ", true)]
    [InlineData("C0FFEE00123456789ABCDEF0123456789ABCDEF0", false)]
    public void IsPlaceholder_MissingOrPlaceholder_IsNoKey(string? text, bool expected) =>
        Assert.Equal(expected, OpenPgpFingerprints.IsPlaceholder(text));
}
