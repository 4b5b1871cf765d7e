using MailKit.Net.Smtp;
using MailKit.Security;

namespace Grondslag.Delivery.Email;

/// <summary>
/// Hands a finished message to a mail server. The outbox uses it; it never composes content itself, and it takes
/// only an <see cref="OutboundMail"/> (composed from a released share or a withdrawal), never a message of its own.
/// </summary>
public interface IMailTransport
{
    Task SendAsync(OutboundMail mail, CancellationToken cancellationToken);
}

/// <summary>Where and how to reach the SMTP relay.</summary>
/// <param name="RequireTls">True to refuse a server that does not offer STARTTLS; false uses it whenever offered.</param>
public sealed record SmtpSettings(string Host, int Port, bool RequireTls = true, string? UserName = null, string? Password = null)
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>SMTP through MailKit, with STARTTLS when the server offers it (or required, see <see cref="SmtpSettings.RequireTls"/>).</summary>
public sealed class SmtpMailTransport(SmtpSettings settings) : IMailTransport
{
    public async Task SendAsync(OutboundMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var message = mail.ToMimeMessage();
        using var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        await client.ConnectAsync(settings.Host, settings.Port, settings.RequireTls ? SecureSocketOptions.StartTls : SecureSocketOptions.StartTlsWhenAvailable, cancellationToken).ConfigureAwait(false);
        if (settings.UserName is not null)
        {
            await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken).ConfigureAwait(false);
        }

        await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
    }
}
