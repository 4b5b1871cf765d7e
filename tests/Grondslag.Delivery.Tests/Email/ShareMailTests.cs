using Grondslag.Delivery.Email;
using Grondslag.Domain.Disclosure;
using MimeKit;
using MimeKit.Cryptography;

namespace Grondslag.Delivery.Tests.Email;

public sealed class ShareMailTests
{
    private static ShareMailComposer Composer(OpenPgpKeyring keyring) =>
        new(SenderIdentity.Ncsc, keyring, PgpTestKeys.Grondslag.Fingerprint, new ManualClock(TestShares.ReleaseInstant.AddMinutes(1)));

    private static ReleasedShare France() => TestShares.France(PgpTestKeys.France.Fingerprint);

    private static ReleasedShare Austria() => TestShares.Austria(PgpTestKeys.Austria.Fingerprint);

    [Fact]
    public async Task Send_OverRealSmtp_RecipientDecryptsVerifiesAndFindsExactlyItsShare()
    {
        using var server = SmtpTestServer.Start();
        using var keyring = new OpenPgpKeyring(PgpTestKeys.SenderKeyringDirectory(), PgpTestKey.Passphrase);
        var composer = Composer(keyring);
        var transport = new SmtpMailTransport(new SmtpSettings("127.0.0.1", server.Port, RequireTls: false));
        await transport.SendAsync(composer.Compose(France()), CancellationToken.None);
        await transport.SendAsync(composer.Compose(Austria()), CancellationToken.None);

        var received = server.Received();
        Assert.Equal(2, received.Count);
        var toFrance = Assert.Single(received, m => m.To.Mailboxes.Any(a => a.Address == "cert-fr@contacts.example"));
        Assert.Contains("TLP:AMBER", toFrance.Subject, StringComparison.Ordinal);
        Assert.Contains("case-2024-017", toFrance.Subject, StringComparison.Ordinal);
        Assert.Equal("cert-fr@contacts.example", Assert.Single(toFrance.Headers, h => h.Field == "X-RcptTo").Value.Trim());

        var encrypted = Assert.IsType<MultipartEncrypted>(toFrance.Body);
        using var france = new OpenPgpKeyring(PgpTestKeys.RecipientKeyringDirectory(PgpTestKeys.France), PgpTestKey.Passphrase);
        var content = Assert.IsType<Multipart>(encrypted.Decrypt(france, out var signatures));
        var signature = Assert.Single(signatures!);
        Assert.True(signature.Verify());
        Assert.Equal(PgpTestKeys.Grondslag.Fingerprint, signature.SignerCertificate!.Fingerprint, ignoreCase: true);

        var attachments = content.OfType<MimePart>().Where(p => p.IsAttachment).ToDictionary(p => p.FileName!, Text, StringComparer.Ordinal);
        Assert.Equal(["share-fr-0001.csv", "share-fr-0001.misp.json", "share-fr-0001.stix.json"], attachments.Keys.Order(StringComparer.Ordinal));
        foreach (var text in attachments.Values)
        {
            Assert.Contains("198.51.100.7", text, StringComparison.Ordinal);
            Assert.Contains("2001:db8::42", text, StringComparison.Ordinal);
            Assert.DoesNotContain("203.0.113.77", text, StringComparison.Ordinal);
        }

        // Another recipient's key opens nothing of it.
        using var austria = new OpenPgpKeyring(PgpTestKeys.RecipientKeyringDirectory(PgpTestKeys.Austria), PgpTestKey.Passphrase);
        Assert.ThrowsAny<Exception>(() => encrypted.Decrypt(austria));
    }

    [Fact]
    public async Task Compose_PartyNameWithHeaderInjection_StaysOneHeaderAndOneRecipient()
    {
        using var server = SmtpTestServer.Start();
        using var keyring = new OpenPgpKeyring(PgpTestKeys.SenderKeyringDirectory(), PgpTestKey.Passphrase);
        var share = TestShares.Release(
            TestShares.Party("cert-fr", "CERT-FR\r\nBcc: leak@evil.example\r\nSubject: =HYPERLINK(1)", "FR", "cert-fr@contacts.example", PgpTestKeys.France.Fingerprint),
            [TestShares.Indicator("198.51.100.7", "FR", 64500, "Example")],
            caseId: "case-1\r\nBcc: leak2@evil.example");
        await new SmtpMailTransport(new SmtpSettings("127.0.0.1", server.Port, RequireTls: false)).SendAsync(Composer(keyring).Compose(share), CancellationToken.None);

        var message = Assert.Single(server.Received());
        Assert.Equal("cert-fr@contacts.example", Assert.Single(message.Headers, h => h.Field == "X-RcptTo").Value.Trim());
        Assert.Empty(message.Bcc);
        Assert.Single(message.Headers, h => h.Id == HeaderId.Subject);
        Assert.DoesNotContain("evil", string.Join("|", message.Headers.Where(h => h.Field is "Bcc" or "Cc").Select(h => h.Value)), StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message.To.Mailboxes.Single().Name ?? "");
    }

    [Theory]
    [InlineData("cert-fr@contacts.example, leak@evil.example")]
    [InlineData("cert-fr@contacts.example\r\nBcc: leak@evil.example")]
    [InlineData("CERT-FR <leak@evil.example>")]
    [InlineData("not-an-address")]
    public void Compose_AddressThatIsNotOneMailbox_IsRefused(string address)
    {
        using var keyring = new OpenPgpKeyring(PgpTestKeys.SenderKeyringDirectory(), PgpTestKey.Passphrase);
        var share = TestShares.France(PgpTestKeys.France.Fingerprint, email: address);
        var error = Assert.Throws<DeliveryException>(() => Composer(keyring).Compose(share));
        Assert.Contains("cert-fr", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PLACEHOLDER")]
    [InlineData(null)]
    public void Compose_RecipientWithoutUsableKey_IsRefusedNotSentInClear(string? fingerprint)
    {
        using var keyring = new OpenPgpKeyring(PgpTestKeys.SenderKeyringDirectory(), PgpTestKey.Passphrase);
        var share = TestShares.France(fingerprint);
        var error = Assert.Throws<DeliveryException>(() => Composer(keyring).Compose(share));
        Assert.Contains("OpenPGP", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_AnotherRecipientsFingerprint_IsNotConfusedWithTheAddress()
    {
        // CERT-FR's address but CERT.at's key: the message is encrypted to the key the registry names, and CERT-FR's key cannot read it.
        using var keyring = new OpenPgpKeyring(PgpTestKeys.SenderKeyringDirectory(), PgpTestKey.Passphrase);
        var message = Composer(keyring).Compose(TestShares.France(PgpTestKeys.Austria.Fingerprint)).ToMimeMessage();
        using var france = new OpenPgpKeyring(PgpTestKeys.RecipientKeyringDirectory(PgpTestKeys.France), PgpTestKey.Passphrase);
        var encrypted = Assert.IsType<MultipartEncrypted>(message.Body);
        Assert.ThrowsAny<Exception>(() => encrypted.Decrypt(france));
    }

    private static string Text(MimePart part)
    {
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
