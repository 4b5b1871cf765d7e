using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Grondslag.Domain.Review;

/// <summary>One section of the notification, in the order of the Autoriteit Persoonsgegevens' form.</summary>
public sealed record DraftSection(string Key, string Title, string Text);

/// <summary>
/// A draft notification of a personal-data breach to the Autoriteit Persoonsgegevens (GDPR art. 33), filled from
/// the breach record in the order of the AP's "Meldformulier datalekken", in Dutch (the AP's language, the default)
/// or English. It is a draft: an official completes, checks and submits it; later phases supplement it (art. 33(4)).
/// What people typed into the breach record (facts, measures, names) is quoted as typed, in whatever language it is.
/// </summary>
public sealed record NotificationDraft(string BreachId, int Phase, DateTimeOffset GeneratedAt, DateTimeOffset Deadline, bool Late, ImmutableArray<DraftSection> Sections)
{
    /// <summary>The language the draft is written in: <c>nl</c> or <c>en</c>.</summary>
    public string Language { get; init; } = "nl";

    /// <summary>The draft in Dutch unless <paramref name="language"/> is another language (then English).</summary>
    public static NotificationDraft From(BreachRecord breach, DateTimeOffset now, string? language = "nl")
    {
        ArgumentNullException.ThrowIfNull(breach);
        var dutch = Grondslag.Domain.Text.LocalText.IsDutch(language);
        string T(string en, string nl) => dutch ? nl : en;
        string S(string stored) => BreachTexts.InLanguage(stored, dutch);
        var late = now > breach.Deadline;
        string D(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        string N(long n) => n.ToString(CultureInfo.InvariantCulture);
        var recipients = string.Join("\n", breach.Recipients.Select(r => T(
            $"- {r.Name} ({r.Country}): {N(r.Indicators)} records, disclosed {D(r.DisclosedAt)}; now without basis under {r.RuleNowSayingNo}",
            $"- {r.Name} ({r.Country}): {N(r.Indicators)} records, verstrekt {D(r.DisclosedAt)}; nu zonder grondslag volgens {r.RuleNowSayingNo}")));
        var actions = breach.Actions.IsEmpty ? T("None recorded yet.", "Nog geen vastgelegd.") : string.Join("\n", breach.Actions.Select(a => $"- {D(a.At)} {a.Description} ({a.By})"));
        var deletions = breach.DeletionRequests.IsEmpty ? T("None sent yet.", "Nog geen verzonden.") : string.Join("\n", breach.DeletionRequests.Select(d => T(
            $"- {d.PartyId}: requested {D(d.RequestedAt)} via {d.Channel}; {(d.Confirmed ? $"deletion confirmed {D(d.ConfirmedAt!.Value)} ({d.ConfirmationReference})" : "confirmation awaited")}",
            $"- {d.PartyId}: verzocht {D(d.RequestedAt)} via {d.Channel}; {(d.Confirmed ? $"verwijdering bevestigd {D(d.ConfirmedAt!.Value)} ({d.ConfirmationReference})" : "bevestiging wordt afgewacht")}")));
        var phase = N(breach.Notifications.Length + 1);
        ImmutableArray<DraftSection> sections =
        [
            new("legal-ground", T("1. Legal ground of the notification", "1. Wettelijke grondslag van de melding"),
                T("GDPR art. 33(1): a personal-data breach (art. 4(12), unauthorised disclosure) is notified to the supervisory authority within 72 hours of becoming aware of it.",
                  "AVG art. 33 lid 1: een inbreuk in verband met persoonsgegevens (art. 4 onder 12, onrechtmatige verstrekking) wordt binnen 72 uur nadat zij bekend werd gemeld aan de toezichthoudende autoriteit.")
                + (breach.Notified ? T($" This is phase {phase}, supplementing earlier submissions (art. 33(4)).", $" Dit is fase {phase}, een aanvulling op eerdere meldingen (art. 33 lid 4).") : "")),
            new("contact", T("2. Contact details", "2. Contactgegevens"), breach.ContactPoint),
            new("timeline", T("3. Timeline", "3. Tijdlijn"),
                T($"Breach started: {D(breach.StartedAt)}. Became aware: {D(breach.AwareAt)}. Deadline for notification: {D(breach.Deadline)}. Still ongoing: {(breach.Ongoing ? "yes" : "no")}.",
                  $"Begin van het datalek: {D(breach.StartedAt)}. Ontdekt: {D(breach.AwareAt)}. Uiterste meldtermijn: {D(breach.Deadline)}. Duurt nog voort: {(breach.Ongoing ? "ja" : "nee")}.")
                + (late ? T($" This notification is late; reasons for the delay (art. 33(1)): {breach.DelayReasons ?? "[to be completed: reasons for the delay]"}",
                            $" Deze melding is te laat; redenen voor de vertraging (art. 33 lid 1): {breach.DelayReasons ?? "[in te vullen: redenen voor de vertraging]"}") : "")),
            new("nature", T("4. Nature of the breach", "4. Aard van het datalek"), $"{S(breach.Nature)}\n\n{S(breach.Facts)}\n\n{T("Recipients", "Ontvangers")}:\n{recipients}"),
            new("data", T("5. Kinds of personal data and number of records", "5. Soorten persoonsgegevens en aantal records"),
                T($"Categories: {string.Join(", ", breach.DataCategories.Select(S))}. Approximate number of records: {N(breach.ApproximateRecords)}.",
                  $"Categorieën: {string.Join(", ", breach.DataCategories.Select(S))}. Geschat aantal records: {N(breach.ApproximateRecords)}.")),
            new("subjects", T("6. Group of people affected", "6. Groep betrokkenen"),
                T($"{S(breach.DataSubjects)}. Approximate number of data subjects: {N(breach.ApproximateDataSubjects)}.",
                  $"{S(breach.DataSubjects)}. Geschat aantal betrokkenen: {N(breach.ApproximateDataSubjects)}.")),
            new("measures-before", T("7. Measures before the breach", "7. Maatregelen vóór het datalek"), S(breach.MeasuresBefore)),
            new("consequences", T("8. Consequences", "8. Gevolgen"),
                T("Confidentiality: affected. Integrity and availability: not affected.", "Vertrouwelijkheid: geraakt. Integriteit en beschikbaarheid: niet geraakt.")
                + $"\n\n{S(breach.LikelyConsequences)}\n\n{S(breach.Effects)}"),
            new("follow-up", T("9. Follow-up", "9. Vervolgacties"),
                T($"Measures taken or proposed:\n{actions}\n\nDeletion requests to the recipients:\n{deletions}\n\nInforming the data subjects (art. 34): [to be decided by the official].",
                  $"Genomen of voorgenomen maatregelen:\n{actions}\n\nVerwijderverzoeken aan de ontvangers:\n{deletions}\n\nInformeren van de betrokkenen (art. 34): [te beslissen door de behandelaar].")),
            new("international", T("10. International aspects", "10. Internationale aspecten"),
                T($"Recipients in: {string.Join(", ", breach.Countries)}.", $"Ontvangers in: {string.Join(", ", breach.Countries)}.")),
            new("other", T("11. Other", "11. Overig"), breach.NotNotifiedBecause is { } why ? T($"Decided not to notify because: {why}", $"Besloten niet te melden omdat: {why}") : "—"),
        ];
        return new NotificationDraft(breach.Id, breach.Notifications.Length + 1, now, breach.Deadline, late, sections) { Language = dutch ? "nl" : "en" };
    }

    /// <summary>The draft as a Markdown document; every value is escaped so names cannot inject markup.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        if (Language == "nl")
        {
            text.Append(CultureInfo.InvariantCulture, $"# Melding van een datalek — concept, fase {Phase}\n\n");
            text.Append(CultureInfo.InvariantCulture, $"Datalek {Escape(BreachId)}; opgesteld {GeneratedAt:yyyy-MM-dd HH:mm} UTC; uiterste meldtermijn {Deadline:yyyy-MM-dd HH:mm} UTC{(Late ? " (TE LAAT)" : "")}.\n\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"# Notification of a personal-data breach — draft, phase {Phase}\n\n");
            text.Append(CultureInfo.InvariantCulture, $"Breach {Escape(BreachId)}; generated {GeneratedAt:yyyy-MM-dd HH:mm} UTC; deadline {Deadline:yyyy-MM-dd HH:mm} UTC{(Late ? " (LATE)" : "")}.\n\n");
        }

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
        ["language"] = Language,
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
