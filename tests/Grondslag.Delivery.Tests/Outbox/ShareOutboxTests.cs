using Grondslag.Delivery.Email;
using Grondslag.Delivery.Outbox;
using Grondslag.Delivery.Tests.Email;

namespace Grondslag.Delivery.Tests.Outbox;

/// <summary>The outbox over the file store.</summary>
public sealed class FileShareOutboxTests : ShareOutboxTests
{
    private readonly string _storeDirectory = Path.Combine(Path.GetTempPath(), "grondslag-outbox-" + Guid.NewGuid().ToString("N"));

    protected override IOutboxStore NewStore() => new FileOutboxStore(_storeDirectory);
}

/// <summary>
/// The same behaviour for every outbox store: a new store object over the same place (directory, database) is
/// what Grondslag gets after a restart.
/// </summary>
public abstract class ShareOutboxTests : IAsyncLifetime
{
    private static readonly RetryPolicy Retry = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10), 10);
    private readonly OpenPgpKeyring _keyring = new(PgpTestKeys.SenderKeyringDirectory(), PgpTestKey.Passphrase);
    private readonly ManualClock _clock = new(TestShares.ReleaseInstant.AddMinutes(1));

    /// <summary>A new store object over the test's one durable place.</summary>
    protected abstract IOutboxStore NewStore();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync()
    {
        _keyring.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A new outbox over the same store: what Grondslag gets after a restart.</summary>
    private ShareOutbox NewOutbox(int smtpPort) => new(
        NewStore(),
        new ShareMailComposer(SenderIdentity.Ncsc, _keyring, PgpTestKeys.Grondslag.Fingerprint, _clock),
        new SmtpMailTransport(new SmtpSettings("127.0.0.1", smtpPort, RequireTls: false) { Timeout = TimeSpan.FromSeconds(5) }),
        _clock,
        Retry);

    [Fact]
    public void Enqueue_SameShareTwice_KeepsOneEntry()
    {
        var outbox = NewOutbox(SmtpTestServer.FreePort());
        var share = TestShares.France(PgpTestKeys.France.Fingerprint);
        var first = outbox.Enqueue(share);
        var second = outbox.Enqueue(share);
        Assert.Equal(first.Key, second.Key);
        Assert.Equal(first.Payload, second.Payload);
        Assert.Single(NewStore().All());
    }

    [Fact]
    public async Task DeliverDue_SmtpDown_WaitsWithBackoffAndSendsOnceTheServerIsUp()
    {
        var port = SmtpTestServer.FreePort();
        var outbox = NewOutbox(port);
        outbox.Enqueue(TestShares.France(PgpTestKeys.France.Fingerprint));

        Assert.Equal(new OutboxPass(0, 1, 0), await outbox.DeliverDueAsync(CancellationToken.None));
        var entry = Assert.Single(outbox.Pending);
        Assert.Equal(1, entry.Attempts);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromSeconds(30), entry.NextAttemptAt);
        Assert.NotNull(entry.LastError);

        // Not due yet: nothing is tried.
        Assert.Equal(new OutboxPass(0, 0, 0), await outbox.DeliverDueAsync(CancellationToken.None));
        Assert.Equal(1, Assert.Single(outbox.Pending).Attempts);

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(new OutboxPass(0, 1, 0), await outbox.DeliverDueAsync(CancellationToken.None));
        entry = Assert.Single(outbox.Pending);
        Assert.Equal(2, entry.Attempts);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromSeconds(60), entry.NextAttemptAt);

        using var server = SmtpTestServer.Start(port);
        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(new OutboxPass(1, 0, 0), await outbox.DeliverDueAsync(CancellationToken.None));
        Assert.Empty(outbox.Pending);
        Assert.Single(server.Received());
    }

    [Fact]
    public async Task Restart_NothingLostNothingSentTwice()
    {
        var port = SmtpTestServer.FreePort();
        var france = TestShares.France(PgpTestKeys.France.Fingerprint);
        var austria = TestShares.Austria(PgpTestKeys.Austria.Fingerprint);

        // Before the "crash": both queued, the server is down.
        var before = NewOutbox(port);
        before.Enqueue(france);
        before.Enqueue(austria);
        await before.DeliverDueAsync(CancellationToken.None);

        using var server = SmtpTestServer.Start(port);
        _clock.Advance(TimeSpan.FromMinutes(1));

        // After the restart: the workflow re-enqueues (idempotent), and the queue is delivered.
        var after = NewOutbox(port);
        after.Enqueue(france);
        Assert.Equal(new OutboxPass(2, 0, 0), await after.DeliverDueAsync(CancellationToken.None));

        // And another restart finds nothing left to send.
        _clock.Advance(TimeSpan.FromHours(1));
        var again = NewOutbox(port);
        again.Enqueue(france);
        Assert.Equal(new OutboxPass(0, 0, 0), await again.DeliverDueAsync(CancellationToken.None));

        var received = server.Received();
        Assert.Equal(2, received.Count);
        Assert.Equal(["cert-at@contacts.example", "cert-fr@contacts.example"], received.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        Assert.Equal(2, received.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(NewStore().All(), e => Assert.Equal(OutboxState.Sent, e.State));
    }

    [Fact]
    public async Task DeliverDue_AttemptsExhausted_GivesUpAndSaysWhy()
    {
        var outbox = new ShareOutbox(
            NewStore(),
            new ShareMailComposer(SenderIdentity.Ncsc, _keyring, PgpTestKeys.Grondslag.Fingerprint, _clock),
            new SmtpMailTransport(new SmtpSettings("127.0.0.1", SmtpTestServer.FreePort(), RequireTls: false)),
            _clock,
            new RetryPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 2));
        outbox.Enqueue(TestShares.France(PgpTestKeys.France.Fingerprint));
        await outbox.DeliverDueAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new OutboxPass(0, 0, 1), await outbox.DeliverDueAsync(CancellationToken.None));
        var entry = Assert.Single(NewStore().All());
        Assert.Equal(OutboxState.GaveUp, entry.State);
        Assert.NotNull(entry.LastError);
    }

    [Fact]
    public async Task EnqueueRevocation_AfterTheShare_MailsASignedEncryptedDeletionRequestWithTheRevokedBundleOnce()
    {
        using var server = SmtpTestServer.Start();
        var outbox = NewOutbox(server.Port);
        var share = TestShares.France(PgpTestKeys.France.Fingerprint);
        outbox.Enqueue(share);
        var rebuilt = TestShares.FranceWithdrawal(PgpTestKeys.France.Fingerprint);
        outbox.EnqueueRevocation(rebuilt, _clock.GetUtcNow().AddHours(1), "The originator withdrew its consent.");
        outbox.EnqueueRevocation(rebuilt, _clock.GetUtcNow().AddHours(2), "asked twice");
        Assert.Equal(new OutboxPass(2, 0, 0), await outbox.DeliverDueAsync(CancellationToken.None));

        var withdrawal = Assert.Single(server.Received(), m => (m.Subject ?? "").Contains("WITHDRAWN", StringComparison.Ordinal));
        using var france = new OpenPgpKeyring(PgpTestKeys.RecipientKeyringDirectory(PgpTestKeys.France), PgpTestKey.Passphrase);
        var content = Assert.IsType<MimeKit.Multipart>(Assert.IsType<MimeKit.Cryptography.MultipartEncrypted>(withdrawal.Body).Decrypt(france, out var signatures));
        Assert.True(Assert.Single(signatures!).Verify());
        var bundle = Assert.Single(content.OfType<MimeKit.MimePart>(), p => p.IsAttachment);
        using var stream = new MemoryStream();
        bundle.Content!.DecodeTo(stream);
        var json = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.Contains("\"revoked\": true", json, StringComparison.Ordinal);
        Assert.Contains("The originator withdrew its consent.", json, StringComparison.Ordinal);
    }

    [Fact]
    public void RetryPolicy_Backoff_DoublesUpToTheCap()
    {
        var policy = new RetryPolicy(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(4), 100);
        Assert.Equal([30, 60, 120, 240, 240], Enumerable.Range(1, 5).Select(n => policy.After(n).TotalSeconds));
        Assert.Equal(TimeSpan.FromMinutes(4), policy.After(1000));
    }
}
