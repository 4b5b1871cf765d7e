using System.Collections.Immutable;

namespace Grondslag.Domain.Law;

/// <summary>What kind of information is to be shared; the law attaches its limits to these classes.</summary>
public enum InformationClass
{
    /// <summary>"Tot aanbieders herleidbaar": public sources link it to an organisation (an IP address, host name, ASN).</summary>
    ProviderTraceable,

    /// <summary>Concerns a threat or incident that is not public.</summary>
    Confidential,

    /// <summary>Known to be personal data.</summary>
    PersonalData,

    /// <summary>It cannot be excluded that it leads to a natural person (how the 2024 letter treats IP addresses).</summary>
    PersonalDataPossible,

    /// <summary>Counts or statistics that identify no provider or person; excludes every other class.</summary>
    Aggregate,
}

/// <summary>Wire names for <see cref="InformationClass"/> and the class sets used in practice.</summary>
public static class InformationClasses
{
    public static IReadOnlyList<InformationClass> All { get; } = Enum.GetValues<InformationClass>();

    /// <summary>A list of IP addresses of compromised devices: traceable, confidential, personal data possible.</summary>
    public static ImmutableSortedSet<InformationClass> CompromisedDeviceList { get; } =
        [InformationClass.ProviderTraceable, InformationClass.Confidential, InformationClass.PersonalDataPossible];

    public static ImmutableSortedSet<InformationClass> AggregateOnly { get; } = [InformationClass.Aggregate];

    public static string ToWire(this InformationClass c) => c switch
    {
        InformationClass.ProviderTraceable => "provider-traceable",
        InformationClass.Confidential => "confidential",
        InformationClass.PersonalData => "personal-data",
        InformationClass.PersonalDataPossible => "personal-data-possible",
        InformationClass.Aggregate => "aggregate",
    };

    public static bool TryParse(string? text, out InformationClass c)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToWire(), text?.Trim(), StringComparison.Ordinal))
            {
                c = candidate;
                return true;
            }
        }

        c = default;
        return false;
    }

    public static string WireList => string.Join(", ", All.Select(c => c.ToWire()));

    /// <summary>Describes a set of classes in words, for explanations.</summary>
    public static string Describe(IEnumerable<InformationClass> classes) => DescribeText(classes).En;

    /// <summary>Describes a set of classes in words, in English and Dutch.</summary>
    public static Text.LocalText DescribeText(IEnumerable<InformationClass> classes)
    {
        var set = classes.ToImmutableSortedSet();
        if (set.SetEquals(AggregateOnly))
        {
            return new("aggregate figures that identify no provider or person", "geaggregeerde cijfers die geen aanbieder of persoon identificeren");
        }

        var words = set.Select(c => c switch
        {
            InformationClass.ProviderTraceable => new Text.LocalText("traceable to providers", "tot aanbieders herleidbaar is"),
            InformationClass.Confidential => new Text.LocalText("confidential", "vertrouwelijk is"),
            InformationClass.PersonalData => new Text.LocalText("personal data", "persoonsgegevens bevat"),
            InformationClass.PersonalDataPossible => new Text.LocalText("possibly personal data", "mogelijk persoonsgegevens bevat"),
            InformationClass.Aggregate => new Text.LocalText("aggregate", "geaggregeerd is"),
        }).ToList();
        return new(
            "information that is " + string.Join(", ", words.Select(w => w.En)),
            "informatie die " + DutchList(words.Select(w => w.Nl).ToList()));
    }

    // "informatie die vertrouwelijk is, tot aanbieders herleidbaar is en persoonsgegevens bevat".
    private static string DutchList(List<string> words) => words.Count switch
    {
        0 => "",
        1 => words[0],
        _ => string.Join(", ", words.Take(words.Count - 1)) + " en " + words[^1],
    };
}
