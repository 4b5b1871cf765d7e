using System.Collections;
using System.Reflection;
using Grondslag.Delivery.Csv;
using Grondslag.Delivery.Email;
using Grondslag.Delivery.Misp;
using Grondslag.Delivery.Outbox;
using Grondslag.Delivery.Stix;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Parties;

namespace Grondslag.Delivery.Tests;

/// <summary>Invariant 1 by types: a channel takes a released share, and only the disclosure gate makes one.</summary>
public sealed class GateOnlyTests
{
    private static readonly Type[] ShareContent = [typeof(ShareCandidate), typeof(OutgoingIndicator), typeof(Party)];

    [Fact]
    public void ReleasedShare_HasNoPublicConstructorAndNoFactoryButTheGate()
    {
        var type = typeof(ReleasedShare);
        Assert.True(type.IsSealed);
        Assert.Empty(type.GetConstructors(BindingFlags.Public | BindingFlags.Instance));
        Assert.DoesNotContain(type.GetConstructors(BindingFlags.NonPublic | BindingFlags.Instance), c => c.IsFamily || c.IsFamilyOrAssembly);
        Assert.All(type.GetProperties(), p => Assert.Null(p.SetMethod is { IsPublic: true } ? p.SetMethod : null));

        // Every public member of any loaded Grondslag assembly that returns a ReleasedShare is the gate itself (Release, or
        // Withdraw, whose result can only be revoked) or reads one from its outcome.
        var makers = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name?.StartsWith("Grondslag.", StringComparison.Ordinal) == true && !a.GetName().Name!.EndsWith(".Tests", StringComparison.Ordinal))
            .SelectMany(a => a.GetExportedTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.ReturnType == typeof(ReleasedShare) || m.ReturnType == typeof(GateOutcome))
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Contains("Grondslag.Domain.Disclosure.DisclosureGate.Release", makers);
        Assert.All(makers, m => Assert.True(
            m is "Grondslag.Domain.Disclosure.DisclosureGate.Release" or "Grondslag.Domain.Disclosure.DisclosureGate.Withdraw" || m.EndsWith(".get_Share", StringComparison.Ordinal) || m.EndsWith(".<Clone>$", StringComparison.Ordinal) || m.EndsWith(".Deconstruct", StringComparison.Ordinal),
            $"{m} hands out a ReleasedShare without the gate."));
    }

    [Fact]
    public void Channels_TakeAReleasedShareAndNeverItsLooseParts()
    {
        var offenders = typeof(ShareOutbox).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly).Cast<MethodBase>()
                .Concat(t.GetConstructors()))
            .SelectMany(m => m.GetParameters().Select(p => (Member: $"{m.DeclaringType!.Name}.{m.Name}({p.Name})", p.ParameterType)))
            .Where(x => ShareContent.Any(c => c.IsAssignableFrom(x.ParameterType) || IsCollectionOf(x.ParameterType, c)))
            .Select(x => x.Member)
            .ToList();
        Assert.True(offenders.Count == 0, "Delivery accepts share content that did not pass the gate: " + string.Join(", ", offenders));

        static void TakesShare(Delegate d) => Assert.Equal(typeof(ReleasedShare), d.Method.GetParameters()[0].ParameterType);
        TakesShare(new StixBundleWriter(SenderIdentity.Ncsc).Build);
        TakesShare(new MispEventWriter(SenderIdentity.Ncsc).Build);
        TakesShare(ShareCsv.Write);
        Assert.Equal(typeof(ReleasedShare), typeof(ShareMailComposer).GetMethod(nameof(ShareMailComposer.Compose))!.GetParameters().Single().ParameterType);
        Assert.Equal(typeof(ReleasedShare), typeof(ShareOutbox).GetMethod(nameof(ShareOutbox.Enqueue))!.GetParameters().Single().ParameterType);
    }

    [Fact]
    public void Gate_RefusedCandidate_GivesNothingAChannelCouldTake()
    {
        var share = TestShares.France();
        var candidate = new ShareCandidate(share.CaseId, share.ShareId, share.Recipient, share.Indicators, share.Originator, share.Campaign, share.Assessment,
            PartyFingerprint.Of(share.Recipient), share.Decision with { ApprovedBy = share.Decision.PreparedBy[0] });
        var outcome = DisclosureGate.Release(candidate, TestShares.Book, new ManualClock(share.ReleasedAt));
        Assert.IsType<GateOutcome.Refused>(outcome);
    }

    private static bool IsCollectionOf(Type type, Type element) =>
        type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type)
        && type.GetInterfaces().Concat([type]).Any(i => i.IsGenericType && i.GetGenericArguments().Any(a => element.IsAssignableFrom(a)));

    [Fact]
    public void ShareRebuiltForWithdrawal_EveryChannelRefusesToDeliverIt_RevocationWorks()
    {
        var france = TestShares.France();
        var withdrawn = TestShares.Release(france.Recipient, france.Indicators, forWithdrawal: true);
        var stix = new Grondslag.Delivery.Stix.StixBundleWriter(SenderIdentity.Ncsc);

        Assert.True(withdrawn.IsWithdrawal);
        Assert.Throws<InvalidOperationException>(() => stix.Build(withdrawn));
        Assert.Throws<InvalidOperationException>(() => new Grondslag.Delivery.Misp.MispEventWriter(SenderIdentity.Ncsc).Build(withdrawn));
        Assert.Throws<InvalidOperationException>(() => Grondslag.Delivery.Csv.ShareCsv.Write(withdrawn));
        var revocation = stix.BuildRevocation(withdrawn, TestShares.ReleaseInstant.AddDays(20), "no legal basis");
        Assert.Contains("\"revoked\":true", revocation.ToJsonString(), StringComparison.Ordinal);
    }
}
