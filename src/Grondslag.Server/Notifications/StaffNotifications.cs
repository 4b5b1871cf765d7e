using System.Text;
using Grondslag.Application.Notifications;
using Grondslag.Domain.Notifications;
using Grondslag.Domain.Text;
using Grondslag.Server.Delivery;
using Grondslag.Server.Web;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Grondslag.Server.Notifications;

/// <summary>
/// Staff notices by e-mail over the configured SMTP relay. They carry no address of any list (only the case title,
/// what is asked, the deadline and a link), so they are plain, not OpenPGP-encrypted (docs/decisions.md). Every
/// header value a person typed (the case title) is cleaned of control characters and encoded by MimeKit, so a title
/// cannot add a header.
/// </summary>
internal sealed class StaffNoticeMail(DeliverySettings settings, IConfiguration configuration) : IStaffMail
{
    /// <summary>Where links in a notice point (e.g. https://grondslag.ncsc.nl); without it the link is a path.</summary>
    public const string BaseUrlKey = "Grondslag:Notifications:BaseUrl";

    public async Task SendAsync(DueNotice notice, StaffAccount to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(to);
        var smtp = settings.Smtp ?? throw new InvalidOperationException("No SMTP relay is configured (Grondslag:Delivery:Smtp:Host).");
        var message = Compose(notice, to, settings.Sender.Name, settings.Sender.Email, configuration[BaseUrlKey]);
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.RequireTls ? SecureSocketOptions.StartTls : SecureSocketOptions.StartTlsWhenAvailable, cancellationToken).ConfigureAwait(false);
        if (smtp.UserName is not null)
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken).ConfigureAwait(false);
        }

        await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The message in the reader's language (the account's language; Dutch when none is chosen).</summary>
    public static MimeMessage Compose(DueNotice notice, StaffAccount to, string senderName, string senderEmail, string? baseUrl)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(to);
        var language = to.Language;
        var title = OneLine(notice.Title, 200);
        var subject = notice.Kind switch
        {
            NoticeKind.AdviceRequested => new LocalText($"Advice asked: {title}", $"Advies gevraagd: {title}"),
            NoticeKind.CaseDeadlineNear => new LocalText($"Deadline near: {title}", $"Termijn nadert: {title}"),
            NoticeKind.BreachDeadlineNear => new LocalText($"72-hour deadline near: breach {title}", $"72-uurstermijn nadert: datalek {title}"),
        };
        var link = (baseUrl?.TrimEnd('/') ?? "") + notice.Link;
        var body = new StringBuilder();
        body.AppendLine(new LocalText($"Dear {to.UserName},", $"Beste {to.UserName},").For(language)).AppendLine();
        body.AppendLine(notice.What.For(language)).AppendLine();
        body.AppendLine(new LocalText($"Case: {OneLine(notice.Title, 500)}", $"Zaak: {OneLine(notice.Title, 500)}").For(language));
        if (notice.Deadline is { } deadline)
        {
            body.AppendLine(new LocalText($"Deadline: {Display.Time(deadline)}", $"Termijn: {Display.Time(deadline)}").For(language));
        }

        body.AppendLine(new LocalText($"Open: {link}", $"Openen: {link}").For(language)).AppendLine();
        body.AppendLine(new LocalText(
            "This notice holds no indicators; sign in to Grondslag to see the case.",
            "Dit bericht bevat geen indicatoren; meld u aan bij Grondslag om de zaak te zien.").For(language));
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(senderName, senderEmail));
        message.To.Add(new MailboxAddress(to.UserName, to.Email ?? throw new InvalidOperationException($"Account {to.UserName} has no e-mail address.")));
        message.Subject = "[Grondslag] " + subject.For(language);
        message.Headers.Add("Auto-Submitted", "auto-generated");
        var part = new TextPart("plain") { Text = body.ToString() };
        part.Headers.Add(HeaderId.ContentLanguage, LocalText.IsDutch(language) ? "nl" : "en");
        message.Body = part;
        return message;
    }

    /// <summary>One line of at most <paramref name="max"/> characters: control characters (CR, LF, tab…) become spaces.</summary>
    public static string OneLine(string text, int max)
    {
        var clean = new string([.. (text ?? "").Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        return clean.Length > max ? clean[..max] + "…" : clean;
    }
}

/// <summary>
/// Runs <see cref="NotifyStaff"/> in the background every <see cref="PollKey"/> seconds (60 by default) on the
/// server's <see cref="TimeProvider"/>, when an SMTP relay is configured. Several nodes may run it: the ledger's
/// key lets only one of them claim a notice.
/// </summary>
internal sealed partial class StaffNotifier(IServiceScopeFactory scopes, DeliverySettings settings, IConfiguration configuration, TimeProvider time, ILogger<StaffNotifier> logger)
    : BackgroundService
{
    public const string PollKey = "Grondslag:Notifications:PollSeconds";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Smtp is null)
        {
            LogDisabled(logger);
            return;
        }

        var poll = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue<int?>(PollKey) ?? 60));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var run = await scope.ServiceProvider.GetRequiredService<NotifyStaff>().RunAsync(stoppingToken).ConfigureAwait(false);
                if (run.Sent + run.WithoutAddress + run.Failed > 0)
                {
                    LogPass(logger, run.Sent, run.WithoutAddress, run.Failed);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPassFailed(logger, ex);
            }

            await Task.Delay(poll, time, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Staff notifications not started: configure an SMTP relay (Grondslag:Delivery:Smtp:Host) to send them.")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Staff notifications: {Sent} sent, {WithoutAddress} without an address, {Failed} failed (retried).")]
    private static partial void LogPass(ILogger logger, int sent, int withoutAddress, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Staff notification pass failed; retrying at the next poll.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
