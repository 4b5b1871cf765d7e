using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;

namespace Grondslag.Application.Cases;

/// <summary>What a new case starts with: where the list came from and what its originator allows.</summary>
public sealed record CreateCaseCommand(string Title, string Source, OriginatorConditions Originator, Urgency Urgency, DateTimeOffset? Deadline);

/// <summary>Opens a case; the creator is its first owner.</summary>
public interface ICreateCase
{
    Task<Outcome<CaseFile>> ExecuteAsync(CreateCaseCommand command, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="ICreateCase"/>
public sealed class CreateCase(ICaseStore store, IAuditTrail audit, ICommitHook hook, IIdGenerator ids, TimeProvider clock) : ICreateCase
{
    /// <summary>Longest case title (every list and page shows it; the API refuses longer ones before this too).</summary>
    public const int MaxTitle = 300;

    public const int MaxSource = 200;

    public Task<Outcome<CaseFile>> ExecuteAsync(CreateCaseCommand command, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        if (command.Title.Length > MaxTitle || command.Source.Length > MaxSource)
        {
            return Task.FromResult(Outcome<CaseFile>.Refused(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText(
                $"title and source: a title has at most {MaxTitle} characters, a source at most {MaxSource}; shorten them.",
                $"titel en bron: een titel heeft hoogstens {MaxTitle} tekens, een bron hoogstens {MaxSource}; maak ze korter.")));
        }

        if (string.IsNullOrWhiteSpace(command.Title) || string.IsNullOrWhiteSpace(command.Source))
        {
            return Task.FromResult(Outcome<CaseFile>.Refused(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText("title and source: a case needs a title and the source of its list (e.g. MIVD).", "titel en bron: een zaak heeft een titel en de bron van de lijst nodig (bijv. MIVD).")));
        }

        if (command.Urgency == Urgency.Urgent && command.Deadline is null)
        {
            return Task.FromResult(Outcome<CaseFile>.Refused(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText("deadline: an urgent case needs a deadline.", "termijn: een spoedeisende zaak heeft een termijn nodig.")));
        }

        return CaseAction.RunAsync<CaseFile>(store, audit, hook, "case.create", actor, null, null, tx =>
        {
            var now = clock.GetUtcNow();
            var file = new CaseFile(ids.NewId("case"), command.Title.Trim(), command.Source.Trim(), command.Originator, actor.Name,
                command.Urgency, command.Deadline, CaseState.Intake, actor.Name, now, null, 0);
            tx.AddCase(file);
            var record = CaseAction.Record("case.create", actor, file.Id, file.Id, new JsonObject
            {
                ["title"] = file.Title,
                ["source"] = file.Source,
                ["tlp"] = file.Originator.Tlp.ToWire(),
                ["purpose"] = OriginatorConditions.ToWire(file.Originator.Purpose),
                ["thirdPartyRule"] = file.Originator.ThirdPartyRule,
                ["urgency"] = file.Urgency.ToWire(),
                ["deadline"] = file.Deadline is { } d ? CaseAction.Iso(d) : null,
            });
            return Task.FromResult(CaseAction.Staged(file, record));
        }, cancellationToken);
    }
}
