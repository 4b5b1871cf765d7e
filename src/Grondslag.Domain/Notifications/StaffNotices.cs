using System.Collections.Immutable;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Review;
using Grondslag.Domain.Text;

namespace Grondslag.Domain.Notifications;

/// <summary>What a staff notice is about.</summary>
public enum NoticeKind
{
    /// <summary>An adviser of the requested kind is asked for advice on a share.</summary>
    AdviceRequested,

    /// <summary>The case's deadline comes near while advice or decisions are still open (the owner is told).</summary>
    CaseDeadlineNear,

    /// <summary>The 72-hour clock of a breach comes near while the authority is not yet notified (the owners are told).</summary>
    BreachDeadlineNear,
}

/// <summary>A staff account as notices need it: no address means the notice cannot be sent (and that is recorded).</summary>
public sealed record StaffAccount(string UserName, ImmutableArray<Role> Roles, string? Email, string Language, bool Disabled);

/// <summary>
/// One notice due to one account. <see cref="Key"/> identifies it for ever (kind, subject, recipient): a notice with a
/// key already recorded is never sent again. The text holds no address of the list: only the case title, what is
/// asked, the deadline and a link (path) to the page.
/// </summary>
public sealed record DueNotice(NoticeKind Kind, string Subject, string Recipient, string? CaseId, string Title, LocalText What, DateTimeOffset? Deadline, string Link)
{
    public string Key => $"{Kind.ToWire()}|{Subject}|{Recipient}";
}

/// <summary>A case with its current shares, as the notice rules read it.</summary>
public sealed record CaseWork(CaseFile Case, ImmutableArray<ShareFile> Shares);

/// <summary>
/// Which notices are due now (pure). Advice: one notice per pending request to every enabled account with the
/// adviser role of the requested kind. Deadlines: a reminder at 24 hours and at 4 hours before the case deadline
/// (while the case has open work) and before a breach's 72-hour deadline (while not notified); when the server was
/// down across both marks only the nearer one is due, so a person never receives two reminders at once.
/// </summary>
public static class StaffNotices
{
    /// <summary>The reminder marks before a deadline, nearest last.</summary>
    public static ImmutableArray<TimeSpan> Marks { get; } = [TimeSpan.FromHours(24), TimeSpan.FromHours(4)];

    public static string ToWire(this NoticeKind kind) => kind switch
    {
        NoticeKind.AdviceRequested => "advice-requested",
        NoticeKind.CaseDeadlineNear => "case-deadline",
        NoticeKind.BreachDeadlineNear => "breach-deadline",
    };

    public static ImmutableArray<DueNotice> Due(DateTimeOffset now, IEnumerable<CaseWork> cases, IEnumerable<BreachRecord> breaches, IEnumerable<StaffAccount> accounts)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(breaches);
        ArgumentNullException.ThrowIfNull(accounts);
        var staff = accounts.Where(a => !a.Disabled).ToList();
        var result = new List<DueNotice>();
        var work = cases.ToList();
        foreach (var (file, shares) in work)
        {
            if (file.State == CaseState.Closed)
            {
                continue;
            }

            foreach (var share in shares.Where(s => s.SupersededBy is null))
            {
                foreach (var advice in share.Advice.Where(a => a.Pending))
                {
                    var role = advice.Adviser.AdviserRole();
                    foreach (var adviser in staff.Where(a => a.Roles.Contains(role)))
                    {
                        result.Add(new DueNotice(NoticeKind.AdviceRequested, advice.Id, adviser.UserName, file.Id, file.Title,
                            new LocalText($"Advice is asked on the share for {share.PartyName}: {advice.Question}",
                                $"Er wordt advies gevraagd over de deling aan {share.PartyName}: {advice.Question}"),
                            file.Deadline, $"/cases/{Uri.EscapeDataString(file.Id)}/shares/{Uri.EscapeDataString(share.PartyId)}"));
                    }
                }
            }

            var open = shares.Where(s => s.SupersededBy is null && s.State is not (ShareState.Released or ShareState.Refused)).ToList();
            if (file.Deadline is { } deadline && open.Count > 0 && Mark(now, deadline) is { } mark)
            {
                var advicePending = open.Sum(s => s.Advice.Count(a => a.Pending));
                result.Add(new DueNotice(NoticeKind.CaseDeadlineNear, $"{file.Id}@{Hours(mark)}h", file.Owner, file.Id, file.Title,
                    new LocalText($"The case deadline comes near: {open.Count} share(s) still open, {advicePending} advice request(s) unanswered.",
                        $"De termijn van de zaak nadert: nog {open.Count} deling(en) open, {advicePending} adviesvraag/-vragen onbeantwoord."),
                    deadline, $"/cases/{Uri.EscapeDataString(file.Id)}"));
            }
        }

        var caseOfShare = work.SelectMany(w => w.Shares.Select(s => (s.Id, w.Case))).GroupBy(p => p.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Case, StringComparer.Ordinal);
        foreach (var breach in breaches)
        {
            if (breach.StatusAt(now) == DeadlineStatus.Settled || Mark(now, breach.Deadline) is not { } mark)
            {
                continue;
            }

            var owners = breach.Recipients.Select(r => caseOfShare.GetValueOrDefault(r.ShareId)).OfType<CaseFile>()
                .Select(c => c.Owner).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            foreach (var owner in owners)
            {
                result.Add(new DueNotice(NoticeKind.BreachDeadlineNear, $"{breach.Id}@{Hours(mark)}h", owner, null, breach.Id,
                    new LocalText("The 72-hour deadline to notify the Autoriteit Persoonsgegevens of this breach comes near.",
                        "De termijn van 72 uur om dit datalek te melden bij de Autoriteit Persoonsgegevens nadert."),
                    breach.Deadline, $"/breaches/{Uri.EscapeDataString(breach.Id)}"));
            }
        }

        return [.. result];
    }

    /// <summary>The nearest reminder mark that has passed, while the deadline itself has not; null otherwise.</summary>
    public static TimeSpan? Mark(DateTimeOffset now, DateTimeOffset deadline)
    {
        if (now >= deadline)
        {
            return null;
        }

        TimeSpan? passed = null;
        foreach (var mark in Marks)
        {
            if (now >= deadline - mark)
            {
                passed = mark;
            }
        }

        return passed;
    }

    private static string Hours(TimeSpan mark) => ((int)mark.TotalHours).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
