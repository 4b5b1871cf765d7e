using Grondslag.Application.Activation;
using Grondslag.Application.Cases;
using Grondslag.Domain.Parties;
using Grondslag.Attribution.Tables;
using Grondslag.Domain.Law;

namespace Grondslag.Server.Composition;

/// <summary>
/// The address tables, party registry and rule book the use cases work with. The registry and rule book are exactly
/// the versions activated (kept in the database): start-up brings them into force (<see cref="IPinActivation"/>) and an
/// approved activation swaps them atomically for every later request. Nothing here reads the rule or registry files.
/// </summary>
internal sealed class LoadedSharingContext(IConfiguration configuration, IServiceScopeFactory scopes, AddressData data) : ISharingContext, IReferenceInForce
{
    private readonly Lock _gate = new();
    private PartyRegistry? _parties;
    private LegalEvaluator? _evaluator;

    public AddressTables Tables => data.Tables;

    public PartyRegistry Parties
    {
        get
        {
            lock (_gate)
            {
                return _parties ??= (PartyRegistry)Activated(ReferenceKind.Parties);
            }
        }
    }

    public LegalEvaluator Evaluator
    {
        get
        {
            lock (_gate)
            {
                return _evaluator ??= (LegalEvaluator)Activated(ReferenceKind.RuleSet);
            }
        }
    }

    /// <summary>The configured rules folder: where candidates for activation are read from (not what is in force).</summary>
    public string RulesDirectory => Grondslag.Application.RulesLocation.Resolve(configuration[ServerKeys.RulesDirectory]);

    public void Activate(LoadedReference loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        lock (_gate)
        {
            switch (loaded.Version.Kind)
            {
                case ReferenceKind.RuleSet:
                    _evaluator = loaded.Evaluator ?? throw new ArgumentException("A rule-set activation without an evaluator.", nameof(loaded));
                    break;
                case ReferenceKind.Parties:
                    _parties = loaded.Registry ?? throw new ArgumentException("A registry activation without a registry.", nameof(loaded));
                    break;
            }
        }
    }

    /// <summary>The activated version from the database (start-up normally brought it into force already).</summary>
    private object Activated(ReferenceKind kind)
    {
        using var scope = scopes.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<IActivationStore>();
        var active = store.InForceAsync(kind, CancellationToken.None).GetAwaiter().GetResult()
            ?? throw new InvalidOperationException($"No {kind.Noun()} has been activated; start the server so that it activates the configured files first.");
        var loaded = scope.ServiceProvider.GetRequiredService<IReferenceLoader>().Load(active.Version);
        if (loaded.Refusal is { } refusal)
        {
            throw new InvalidOperationException($"The activated {kind.Noun()} cannot be loaded: {refusal.Reason}");
        }

        return (object?)loaded.Value!.Evaluator ?? loaded.Value!.Registry!;
    }
}
