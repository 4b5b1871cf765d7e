using System.Collections.Immutable;
using System.Globalization;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Time;

namespace Grondslag.Application.Assessing;

/// <summary>A user's input could not be understood; the message names the input and the fix.</summary>
public sealed class InputException(string message) : Exception(message);

/// <summary>Turns the textual input of the CLI or API into an <see cref="AssessmentRequest"/>, strictly.</summary>
public static class AssessmentInput
{
    public static ImmutableSortedSet<InformationClass> ParseClasses(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return InformationClasses.CompromisedDeviceList;
        }

        var result = ImmutableSortedSet.CreateBuilder<InformationClass>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!InformationClasses.TryParse(part, out var c))
            {
                throw new InputException($"--classes: '{part}' is not an information class; use a comma-separated list of {InformationClasses.WireList}.");
            }

            result.Add(c);
        }

        return result.ToImmutable();
    }

    public static DateOnly ParseDate(string? text, string option, TimeProvider clock)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Today(clock);
        }

        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new InputException($"{option}: '{text}' is not a date; use YYYY-MM-DD, e.g. 2024-06-10.");
    }

    /// <summary>Today's legal calendar day in the Netherlands.</summary>
    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DisclosureGate.LegalDay(clock.GetUtcNow());
    }

    public static RecipientProfile ParseRecipient(
        string? name, string kindText, string countryText, bool designated, bool cooperation,
        string? dataProtectionRegime = null, bool dpfCertified = false, bool essentialOrImportantEntity = false)
    {
        DataProtectionRegime? legal = null;
        if (!string.IsNullOrWhiteSpace(dataProtectionRegime))
        {
            legal = DataProtectionRegimes.TryParse(dataProtectionRegime, out var parsed)
                ? parsed
                : throw new InputException($"--data-protection-regime: '{dataProtectionRegime}' is not a legal regime of recipients; use one of {DataProtectionRegimes.WireList}.");
        }

        if (!RecipientKinds.TryParse(kindText, out var kind))
        {
            throw new InputException($"--recipient-kind: '{kindText}' is not a recipient kind; use one of {RecipientKinds.WireList}.");
        }

        if (!CountryCode.TryParse(countryText, out var country))
        {
            throw new InputException($"--country: '{countryText}' is not a country code; use an ISO 3166-1 alpha-2 code such as NL, FR or US.");
        }

        return new RecipientProfile(
            string.IsNullOrWhiteSpace(name) ? $"the {kind.ToWire()} of {country}" : name.Trim(),
            kind,
            country,
            designated ? [DateInterval.Always] : [],
            cooperation ? [DateInterval.Always] : [],
            DataProtectionRegime: legal,
            DpfCertified: dpfCertified,
            EssentialOrImportantEntity: essentialOrImportantEntity);
    }

    public static TlpLevel ParseTlp(string? text) =>
        string.IsNullOrWhiteSpace(text) ? TlpLevel.Amber
        : TlpLevels.TryParse(text, out var tlp) ? tlp
        : throw new InputException($"--tlp: '{text}' is not a TLP 2.0 label; use clear, green, amber, amber+strict or red.");

    public static PurposeRestriction ParsePurpose(string? text) => text?.Trim() switch
    {
        null or "" or "inform-victims" => PurposeRestriction.InformVictims,
        "none" => PurposeRestriction.None,
        _ => throw new InputException($"--purpose: '{text}' is not a purpose restriction; use inform-victims or none."),
    };

    public static string? ParseRegime(string? text, RuleBook book) =>
        string.IsNullOrWhiteSpace(text) ? null
        : book.Regime(text.Trim().ToLowerInvariant()) is { } regime ? regime.Id
        : throw new InputException($"--regime: '{text}' is not a regime; use one of {string.Join(", ", book.Regimes.Select(r => r.Id))}.");
}
