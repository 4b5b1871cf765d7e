using Grondslag.Delivery;
using Grondslag.Delivery.Email;

namespace Grondslag.Server.Delivery;

/// <summary>
/// How the server delivers (section <c>Grondslag:Delivery</c>): the sender, the OpenPGP keyrings and signing key,
/// and the SMTP relay. Without a keyring no e-mail can be composed (each share records why); without SMTP,
/// queued mail waits in the outbox.
/// </summary>
internal sealed record DeliverySettings(SenderIdentity Sender, string? KeyringDirectory, string KeyringPassphrase, string SigningKeyFingerprint, SmtpSettings? Smtp)
{
    public const string LeaseSeconds = "Grondslag:Delivery:LeaseSeconds";
    public const string PollSeconds = "Grondslag:Delivery:PollSeconds";
    public const string InlineSeconds = "Grondslag:Delivery:InlineSeconds";
    public const string BulkInlineSeconds = "Grondslag:Delivery:BulkInlineSeconds";

    /// <summary>How long a release (or withdrawal) request waits for its own channel steps after the commit before it answers.</summary>
    public TimeSpan InlineWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a bulk release waits, after its last commit, for the channel steps of all its shares before it answers
    /// (default 0: it answers once every share is released, with the deliveries queued; they run at once, and each
    /// share's delivery state says pending until its channel step is done).
    /// </summary>
    public TimeSpan BulkInlineWait { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// How long a claimed outbox row is held before another node may take it over; also how long the releasing node has
    /// to deliver its own release before any node's worker does. Longer than the slowest step (a 100,000-address TAXII
    /// publication takes well under a minute).
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How often each node's worker looks for due outbox rows.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(5);

    public const string SenderName = "Grondslag:Delivery:Sender:Name";
    public const string SenderEmail = "Grondslag:Delivery:Sender:Email";
    public const string SenderContact = "Grondslag:Delivery:Sender:Contact";
    public const string Keyring = "Grondslag:Delivery:Keyring:Directory";
    public const string KeyringPassphraseKey = "Grondslag:Delivery:Keyring:Passphrase";
    public const string SigningKey = "Grondslag:Delivery:SigningKeyFingerprint";
    public const string SmtpHost = "Grondslag:Delivery:Smtp:Host";
    public const string SmtpPort = "Grondslag:Delivery:Smtp:Port";
    public const string SmtpRequireTls = "Grondslag:Delivery:Smtp:RequireTls";
    public const string SmtpUserName = "Grondslag:Delivery:Smtp:UserName";
    public const string SmtpPassword = "Grondslag:Delivery:Smtp:Password";

    public bool CanCompose => KeyringDirectory is not null && SigningKeyFingerprint.Length > 0;

    public static DeliverySettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var ncsc = SenderIdentity.Ncsc;
        var sender = new SenderIdentity(
            configuration[SenderName] is { Length: > 0 } n ? n : ncsc.Name,
            configuration[SenderEmail] is { Length: > 0 } e ? e : ncsc.Email,
            configuration[SenderContact] is { Length: > 0 } c ? c : ncsc.ContactInformation);
        var smtp = configuration[SmtpHost] is { Length: > 0 } host
            ? new SmtpSettings(host, configuration.GetValue<int?>(SmtpPort) ?? 25, configuration.GetValue<bool?>(SmtpRequireTls) ?? true,
                configuration[SmtpUserName], configuration[SmtpPassword])
            : null;
        return new DeliverySettings(sender, configuration[Keyring] is { Length: > 0 } k ? k : null, configuration[KeyringPassphraseKey] ?? "",
            configuration[SigningKey] ?? "", smtp)
        {
            Lease = TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue<int?>(LeaseSeconds) ?? 120, 1, 86_400)),
            Poll = TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue<double?>(PollSeconds) ?? 5, 0.1, 3600)),
            InlineWait = TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue<double?>(InlineSeconds) ?? 10, 0, 3600)),
            BulkInlineWait = TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue<double?>(BulkInlineSeconds) ?? 0, 0, 3600)),
        };
    }
}
