using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Grondslag.Application.Activation;
using Grondslag.Domain.Parties;
using Grondslag.Server.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grondslag.Server.Tests.Composition;

/// <summary>
/// What a node holds in force only ever moves forward: activations may reach it late, twice or out of order (a notice,
/// the check before a request and an approval on this node racing each other), and whatever the order, the newest
/// activation is what stays in force.
/// </summary>
public sealed class LoadedSharingContextTests
{
    [Property(MaxTest = 200)]
    public Property Activate_InAnyOrderAndRepeated_TheNewestActivationStaysInForce(NonEmptyArray<PositiveInt> arrivals)
    {
        var context = new LoadedSharingContext(new ConfigurationBuilder().Build(), null!, new AddressData(new ConfigurationBuilder().Build(), NullLogger<AddressData>.Instance));
        foreach (var id in arrivals.Get.Select(a => (long)a.Get))
        {
            context.Activate(Registry(id), id);
        }

        var newest = arrivals.Get.Max(a => a.Get);
        return (context.ActivationInForce(ReferenceKind.Parties) == newest
                && context.Parties.Sha256 == Sha(newest)
                && context.ActivationInForce(ReferenceKind.RuleSet) == 0)
            .Label($"in force: {context.ActivationInForce(ReferenceKind.Parties)} ({context.Parties.Sha256}), newest {newest}");
    }

    private static string Sha(long id) => "registry-" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static LoadedReference Registry(long id) =>
        new(new ReferenceVersion(ReferenceKind.Parties, Sha(id), "", null), null, new PartyRegistry("test", Sha(id), []), 0, []);
}
