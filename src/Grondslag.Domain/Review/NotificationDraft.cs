using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Grondslag.Domain.Review;

/// <summary>One section of the notification, in the order of the Autoriteit Persoonsgegevens' form.</summary>
public sealed record DraftSection(string Key, string Title, string Text);

/// <summary>
/// A draft notification of a personal-data breach to the Autoriteit Persoonsgegevens (GDPR art. 33), filled from
/// the breach record in the order of the AP's "Meldformulier datalekken". It is a draft: an official completes,
/// checks and submits it; later phases supplement it (art. 33(4)).
/// </summary>
public sealed record NotificationDraft(string BreachId, int Phase, DateTimeOffset GeneratedAt, DateTimeOffset Deadline, bool Late, ImmutableArray<DraftSection> Sections)
{
    public static NotificationDraft From(BreachRecord breach, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(breach);
        var late = now > breach.Deadline;
        string D(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var recipients = string.Join("\n", breach.Recipients.Select(r =>
            $"- {r.Name} ({r.Country}): {r.Indicators.ToString(CultureInfo.InvariantCulture)} records, disclosed {D(r.DisclosedAt)}; now without basis under {r.RuleNowSayingNo}"));
        var actions = breach.Actions.IsEmpty ? "None recorded yet." : string.Join("\n", breach.Actions.Select(a => $"- {D(a.At)} {a.Description} ({a.By})"));
        var deletions = breach.DeletionRequests.IsEmpty ? "None sent yet." : string.Join("\n", breach.DeletionRequests.Select(d =>
            $"- {d.PartyId}: requested {D(d.RequestedAt)} via {d.Channel}; {(d.Confirmed ? $"deletion confirmed {D(d.ConfirmedAt!.Value)} ({d.ConfirmationReference})" : "confirmation awaited")}"));
        ImmutableArray<DraftSection> sections =
        [
            new("legal-ground", "1. Legal ground of the notification",
                "GDPR art. 33(1): a personal-data breach (art. 4(12), unauthorised disclosure) is notified to the supervisory authority within 72 hours of becoming aware of it."
                + (breach.Notified ? $" This is phase {breach.Notifications.Length + 1}, supplementing earlier submissions (art. 33(4))." : "")),
            new("contact", "2. Contact details", breach.ContactPoint),
            new("timeline", "3. Timeline",
                $"Breach started: {D(breach.StartedAt)}. Became aware: {D(breach.AwareAt)}. Deadline for notification: {D(breach.Deadline)}. Still ongoing: {(breach.Ongoing ? "yes" : "no")}."
                + (late ? $" This notification is late; reasons for the delay (art. 33(1)): {breach.DelayReasons ?? "[to be completed: reasons for the delay]"}" : "")),
            new("nature", "4. Nature of the breach", $"{breach.Nature}\n\n{breach.Facts}\n\nRecipients:\n{recipients}"),
            new("data", "5. Kinds of personal data and number of records",
                $"Categories: {string.Join(", ", breach.DataCategories)}. Approximate number of records: {breach.ApproximateRecords.ToString(CultureInfo.InvariantCulture)}."),
            new("subjects", "6. Group of people affected",
                $"{breach.DataSubjects}. Approximate number of data subjects: {breach.ApproximateDataSubjects.ToString(CultureInfo.InvariantCulture)}."),
            new("measures-before", "7. Measures before the breach", breach.MeasuresBefore),
            new("consequences", "8. Consequences", $"Confidentiality: affected. Integrity and availability: not affected.\n\n{breach.LikelyConsequences}\n\n{breach.Effects}"),
            new("follow-up", "9. Follow-up",
                $"Measures taken or proposed:\n{actions}\n\nDeletion requests to the recipients:\n{deletions}\n\nInforming the data subjects (art. 34): [to be decided by the official]."),
            new("international", "10. International aspects",
                $"Recipients in: {string.Join(", ", breach.Countries)}."),
            new("other", "11. Other", breach.NotNotifiedBecause is { } why ? $"Decided not to notify because: {why}" : "—"),
        ];
        return new NotificationDraft(breach.Id, breach.Notifications.Length + 1, now, breach.Deadline, late, sections);
    }

    /// <summary>The draft as a Markdown document; every value is escaped so names cannot inject markup.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Notification of a personal-data breach — draft, phase {Phase}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Breach {Escape(BreachId)}; generated {GeneratedAt:yyyy-MM-dd HH:mm} UTC; deadline {Deadline:yyyy-MM-dd HH:mm} UTC{(Late ? " (LATE)" : "")}.\n\n");
        foreach (var section in Sections)
        {
            text.Append("## ").Append(section.Title).Append("\n\n");
            foreach (var line in section.Text.Split('\n'))
            {
                text.Append(line.StartsWith("- ", StringComparison.Ordinal) ? "- " + Escape(line[2..]) : Escape(line)).Append('\n');
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    public JsonObject ToJson() => new()
    {
        ["breach"] = BreachId,
        ["phase"] = Phase,
        ["generatedAt"] = GeneratedAt.ToString("O", CultureInfo.InvariantCulture),
        ["deadline"] = Deadline.ToString("O", CultureInfo.InvariantCulture),
        ["late"] = Late,
        ["sections"] = new JsonArray([.. Sections.Select(s => (JsonNode)new JsonObject { ["key"] = s.Key, ["title"] = s.Title, ["text"] = s.Text })]),
    };

    /// <summary>Escapes Markdown and HTML-significant characters.</summary>
    public static string Escape(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '<': result.Append("&lt;"); break;
                case '>': result.Append("&gt;"); break;
                case '&': result.Append("&amp;"); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '#' or '|' or '!' or '{' or '}':
                    result.Append('\\').Append(c);
                    break;
                default: result.Append(c); break;
            }
        }

        return result.ToString();
    }
}
