using System.Collections.Immutable;

namespace Grondslag.Domain.Law;

/// <summary>A task of NCSC (or of the CSIRT under the Cbw) that a permission can rest on.</summary>
/// <param name="Id">Stable id as written in a rule's <c>task:</c> field, e.g. <c>wbni.3-2-b</c>.</param>
/// <param name="RegimeId">The regime whose rules may name it.</param>
/// <param name="Provision">The provision, in the conventional short form.</param>
/// <param name="Description">What the task is, in words a duty officer understands.</param>
/// <param name="Verify">True where the reading of the provision is not confirmed against the official text.</param>
public sealed record LegalTask(string Id, string RegimeId, string Provision, string Description, bool Verify);

/// <summary>
/// The closed catalogue of tasks. Art. 20(2) Wbni only <i>restricts</i> to whom confidential provider-traceable
/// data may go; a permission needs one of these tasks (legal review 2, §1). Adding a task is a code change.
/// </summary>
public static class LegalTasks
{
    public static ImmutableArray<LegalTask> All { get; } =
    [
        new("wbni.3-1", "wbni", "Wbni art. 3(1)", "assisting and informing vital providers and central-government bodies in the Netherlands about their own systems", false),
        new("wbni.3-2-a", "wbni", "Wbni art. 3(2)(a)", "informing organisations whose objectively recognisable task is to inform others (OKTTs) about their constituency", true),
        new("wbni.3-2-b", "wbni", "Wbni art. 3(2)(b)", "informing the CSIRTs of other EU member states", true),
        new("wbni.3-2-c", "wbni", "Wbni art. 3(2)(c)", "informing computercrisisteams designated by ministerial regulation about their constituency", true),
        new("wbni.3-2-d", "wbni", "Wbni art. 3(2)(d)", "informing internet access providers so that they can inform their users", true),
        new("wbni.3-2-e", "wbni", "Wbni art. 3(2)(e) (bill 36 084)", "informing a provider directly, where the threat has significant consequences for its continuity and no intermediary can inform it", true),
        new("cbw.csirt-tasks", "cbw", "Cbw art. 16 / NIS2 art. 11(3)(b)", "the CSIRT's task of warning and informing entities and intermediaries in the Netherlands", true),
        new("cbw.csirts-network", "cbw", "Cbw / NIS2 art. 15", "cooperation with the CSIRTs of other EU member states in the CSIRTs network", true),
        new("cbw.third-country-cooperation", "cbw", "Cbw / NIS2 art. 10(7)", "exchange with a third country's national CSIRT within a recorded cooperation relationship (not by itself a GDPR transfer ground)", true),
    ];

    public static LegalTask? Find(string? id) => All.FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.Ordinal));

    public static string WireList => string.Join(", ", All.Select(t => t.Id));
}
