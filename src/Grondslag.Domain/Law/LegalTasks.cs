using System.Collections.Immutable;
using Grondslag.Domain.Text;

namespace Grondslag.Domain.Law;

/// <summary>A task of NCSC (or of the CSIRT under the Cbw) that a permission can rest on.</summary>
/// <param name="Id">Stable id as written in a rule's <c>task:</c> field, e.g. <c>wbni.3-2-b</c>.</param>
/// <param name="RegimeId">The regime whose rules may name it.</param>
/// <param name="Provision">The provision, in the conventional short form.</param>
/// <param name="Description">What the task is, in words a duty officer understands, in English and Dutch.</param>
/// <param name="Verify">True where the reading of the provision is not confirmed against the official text.</param>
public sealed record LegalTask(string Id, string RegimeId, string Provision, LocalText Description, bool Verify);

/// <summary>
/// The closed catalogue of tasks. Art. 20(2) Wbni only <i>restricts</i> to whom confidential provider-traceable
/// data may go; a permission needs one of these tasks (legal review 2, §1). Adding a task is a code change.
/// </summary>
public static class LegalTasks
{
    public static ImmutableArray<LegalTask> All { get; } =
    [
        new("wbni.3-1", "wbni", "Wbni art. 3(1)", new("assisting and informing vital providers and central-government bodies in the Netherlands about their own systems", "het bijstaan en informeren van vitale aanbieders en aanbieders die deel uitmaken van de rijksoverheid over hun eigen netwerk- en informatiesystemen"), false),
        new("wbni.3-2-a", "wbni", "Wbni art. 3(2)(a)", new("informing organisations whose objectively recognisable task is to inform others (OKTTs) about their constituency", "het informeren van organisaties die objectief kenbaar tot taak hebben andere organisaties of het publiek te informeren (OKTT's) over hun achterban"), true),
        new("wbni.3-2-b", "wbni", "Wbni art. 3(2)(b)", new("informing the CSIRTs of other EU member states", "het informeren van de CSIRT's van andere lidstaten van de Europese Unie"), true),
        new("wbni.3-2-c", "wbni", "Wbni art. 3(2)(c)", new("informing computercrisisteams designated by ministerial regulation about their constituency", "het informeren van bij ministeriële regeling aangewezen computercrisisteams over hun achterban"), true),
        new("wbni.3-2-d", "wbni", "Wbni art. 3(2)(d)", new("informing internet access providers so that they can inform their users", "het informeren van aanbieders van internettoegangsdiensten ten behoeve van het informeren van hun gebruikers"), true),
        new("wbni.3-2-e", "wbni", "Wbni art. 3(2)(e) (bill 36 084)", new("informing a provider directly, where the threat has significant consequences for its continuity and no intermediary can inform it", "het rechtstreeks informeren van een aanbieder, indien de dreiging aanzienlijke gevolgen heeft voor de continuïteit van zijn dienstverlening en geen tussenpersoon hem kan informeren"), true),
        new("cbw.csirt-tasks", "cbw", "Cbw art. 16 / NIS2 art. 11(3)(b)", new("the CSIRT's task of warning and informing entities and intermediaries in the Netherlands", "de taak van het CSIRT om entiteiten en intermediairs in Nederland te waarschuwen en te informeren"), true),
        new("cbw.csirts-network", "cbw", "Cbw / NIS2 art. 15", new("cooperation with the CSIRTs of other EU member states in the CSIRTs network", "de samenwerking met de CSIRT's van andere lidstaten van de Europese Unie in het CSIRT-netwerk"), true),
        new("cbw.third-country-cooperation", "cbw", "Cbw / NIS2 art. 10(7)", new("exchange with a third country's national CSIRT within a recorded cooperation relationship (not by itself a GDPR transfer ground)", "de uitwisseling met het nationale CSIRT van een derde land binnen een vastgelegde samenwerkingsrelatie (op zichzelf geen doorgiftegrond in de zin van de AVG)"), true),
    ];

    public static LegalTask? Find(string? id) => All.FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.Ordinal));

    public static string WireList => string.Join(", ", All.Select(t => t.Id));
}
