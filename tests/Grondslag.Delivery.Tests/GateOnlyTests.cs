using System.Collections;
using System.Reflection;
using Grondslag.Delivery.Csv;
using Grondslag.Delivery.Email;
using Grondslag.Delivery.Misp;
using Grondslag.Delivery.Outbox;
using Grondslag.Delivery.Stix;
using Grondslag.Delivery.Taxii;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Parties;
using Grondslag.Storage.Delivery;
using Grondslag.Testing;

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
            .Where(m => m.ReturnType == typeof(ReleasedShare) || m.ReturnType == typeof(GateOutcome) || m.ReturnType == typeof(ShareWithdrawal) || m.ReturnType == typeof(WithdrawalOutcome))
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Contains("Grondslag.Domain.Disclosure.DisclosureGate.Release", makers);
        Assert.All(makers, m => Assert.True(
            m is "Grondslag.Domain.Disclosure.DisclosureGate.Release" or "Grondslag.Domain.Disclosure.DisclosureGate.Withdraw" || m.EndsWith(".get_Share", StringComparison.Ordinal) || m.EndsWith(".get_Withdrawal", StringComparison.Ordinal) || m.EndsWith(".<Clone>$", StringComparison.Ordinal) || m.EndsWith(".Deconstruct", StringComparison.Ordinal),
            $"{m} hands out a ReleasedShare or ShareWithdrawal without the gate."));
        Assert.True(typeof(ShareWithdrawal).IsSealed);
    }

    [Fact]
    public void Channels_TakeAReleasedShareAndNeverItsLooseParts()
    {
        // Every public method of the delivery assembly (STIX, MISP, CSV, e-mail, outbox, TAXII) and of the database outbox
        // and TAXII stores.
        var surface = typeof(ShareOutbox).Assembly.GetExportedTypes().Concat([typeof(EfOutboxStore), typeof(EfOutboxWork), typeof(EfTaxiiPublisher)]).ToList();
        var sinks = GateOnlySeams.Sinks(surface, [typeof(IOutboxStore), typeof(IOutboxWork), typeof(ITaxiiPublisher), typeof(IMailTransport)], typeof(ShareOutbox), typeof(ChannelWork), typeof(ShareMailComposer), typeof(StixBundleWriter), typeof(MispEventWriter), typeof(ShareCsv));
        // Recipients' OpenPGP public keys (the keyring the mail channel encrypts to) are key material an administrator
        // imports, never share content: these members take key bytes, and nothing they take reaches a recipient.
        string[] keyMaterial =
        [
            "Grondslag.Delivery.Email.PublicKeyFiles.Store(encodedRings: IEnumerable`1)",
            "Grondslag.Delivery.Email.PublicKeyRead..ctor(Encoded: Byte[])",
            "Grondslag.Delivery.Email.PublicKeyRead.set_Encoded(value: Byte[])",
        ];
        var offenders = GateOnlySeams.Offenders(surface, sinks).Where(o => !keyMaterial.Any(k => o.StartsWith(k, StringComparison.Ordinal))).ToList();
        Assert.True(offenders.Count == 0, "A channel can be fed around the disclosure gate:\n" + string.Join("\n", offenders));

        static void TakesShare(Delegate d) => Assert.Equal(typeof(ReleasedShare), d.Method.GetParameters()[0].ParameterType);
        TakesShare(new StixBundleWriter(SenderIdentity.Ncsc).Build);
        TakesShare(new MispEventWriter(SenderIdentity.Ncsc).Build);
        TakesShare(ShareCsv.Write);
        Assert.Equal(typeof(ReleasedShare), typeof(ShareMailComposer).GetMethod(nameof(ShareMailComposer.Compose))!.GetParameters().Single().ParameterType);
        Assert.Equal(typeof(ReleasedShare), typeof(ShareOutbox).GetMethod(nameof(ShareOutbox.Enqueue))!.GetParameters().Single().ParameterType);
        Assert.Equal(typeof(ShareWithdrawal), typeof(ShareOutbox).GetMethod(nameof(ShareOutbox.EnqueueRevocation))!.GetParameters()[0].ParameterType);
        Assert.Equal(typeof(ShareWithdrawal), typeof(StixBundleWriter).GetMethod(nameof(StixBundleWriter.BuildRevocation))!.GetParameters()[0].ParameterType);
        Assert.Equal(typeof(OutboundMail), typeof(IMailTransport).GetMethod(nameof(IMailTransport.SendAsync))!.GetParameters()[0].ParameterType);
        Assert.Equal(typeof(OutboxEntry), typeof(IOutboxStore).GetMethod(nameof(IOutboxStore.TryAdd))!.GetParameters().Single().ParameterType);
    }

    [Fact]
    public void DeliverableContent_IsMadeOnlyInsideItsAssembly()
    {
        var constructible = GateOnlySeams.PubliclyConstructible([typeof(ReleasedShare), typeof(ShareWithdrawal), typeof(OutboxEntry), typeof(OutboundMail)]);
        Assert.True(constructible.Count == 0, string.Join("\n", constructible));
    }

    [Fact]
    public void Offenders_AMethodTakingBytesOrLooseText_IsNamed()
    {
        // The rule itself: a seam that took bytes, JSON or text without a released share would be caught and named.
        var offenders = GateOnlySeams.Offenders([], [typeof(LeakySeam)]);
        Assert.Contains(offenders, o => o.Contains("LeakySeam.Add(payload: Byte[])", StringComparison.Ordinal));
        Assert.Contains(offenders, o => o.Contains("LeakySeam.Publish(bundle: JsonObject)", StringComparison.Ordinal));
        Assert.Contains(offenders, o => o.Contains("LeakySeam.Mail(body: String)", StringComparison.Ordinal));
        Assert.Contains(offenders, o => o.Contains("LeakySeam.Send(message: MimeMessage)", StringComparison.Ordinal));
        Assert.DoesNotContain(offenders, o => o.Contains("LeakySeam.Revoke", StringComparison.Ordinal));
    }

    /// <summary>What the seam test must catch (public, so that reflection sees it as an adapter would be).</summary>
    public sealed class LeakySeam
    {
        public void Add(byte[] payload) => _ = payload;

        public void Publish(System.Text.Json.Nodes.JsonObject bundle) => _ = bundle;

        public void Mail(string body) => _ = body;

        public void Send(MimeKit.MimeMessage message) => _ = message;

        public void Revoke(ShareWithdrawal withdrawal, string reason) => _ = (withdrawal, reason);
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
    public void ShareWithdrawal_NoDeliveringMethodTakesIt_RevocationWorks()
    {
        // Withdrawal is a type, not a flag: no method that delivers a share accepts one, so none has to remember to check.
        var takers = typeof(ShareOutbox).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(ShareWithdrawal)))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["ChannelWork.Of", "ShareMailComposer.ComposeRevocation", "ShareOutbox.EnqueueRevocation", "StixBundleWriter.BuildRevocation"], takers);
        Assert.DoesNotContain(typeof(ReleasedShare).GetProperties(), p => p.Name.Contains("Withdraw", StringComparison.Ordinal));

        var revocation = new StixBundleWriter(SenderIdentity.Ncsc).BuildRevocation(TestShares.FranceWithdrawal(), TestShares.ReleaseInstant.AddDays(20), "no legal basis");
        Assert.Contains("\"revoked\":true", revocation.ToJsonString(), StringComparison.Ordinal);
    }
}
