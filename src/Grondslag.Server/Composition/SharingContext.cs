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
    private long _partiesActivation;
    private long _ruleSetActivation;

    public AddressTables Tables => data.Tables;

    public PartyRegistry Parties
    {
        get
        {
            lock (_gate)
            {
                return _parties ??= (PartyRegistry)Activated(ReferenceKind.Parties, out _partiesActivation);
            }
        }
    }

    public LegalEvaluator Evaluator
    {
        get
        {
            lock (_gate)
            {
                return _evaluator ??= (LegalEvaluator)Activated(ReferenceKind.RuleSet, out _ruleSetActivation);
            }
        }
    }

    /// <summary>The configured rules folder: where candidates for activation are read from (not what is in force).</summary>
    public string RulesDirectory => Grondslag.Application.RulesLocation.Resolve(configuration[ServerKeys.RulesDirectory]);

    public void Activate(LoadedReference loaded, long activationId)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        lock (_gate)
        {
            switch (loaded.Version.Kind)
            {
                case ReferenceKind.RuleSet when activationId >= _ruleSetActivation:
                    _evaluator = loaded.Evaluator ?? throw new ArgumentException("A rule-set activation without an evaluator.", nameof(loaded));
                    _ruleSetActivation = activationId;
                    break;
                case ReferenceKind.Parties when activationId >= _partiesActivation:
                    _parties = loaded.Registry ?? throw new ArgumentException("A registry activation without a registry.", nameof(loaded));
                    _partiesActivation = activationId;
                    break;
                case ReferenceKind.RuleSet or ReferenceKind.Parties:
                    // An older activation than the one in force (a late notice): never goes back.
                    break;
            }
        }
    }

    /// <summary>Tests only: swaps a version in without a new activation (it keeps the activation id in force).</summary>
    internal void Activate(LoadedReference loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        Activate(loaded, ActivationInForce(loaded.Version.Kind));
    }

    public long ActivationInForce(ReferenceKind kind)
    {
        lock (_gate)
        {
            return kind switch
            {
                ReferenceKind.RuleSet => _ruleSetActivation,
                ReferenceKind.Parties => _partiesActivation,
            };
        }
    }

    /// <summary>The activated version from the database (start-up normally brought it into force already).</summary>
    private object Activated(ReferenceKind kind, out long activationId)
    {
        using var scope = scopes.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<IActivationStore>();
        var active = store.InForceAsync(kind, CancellationToken.None).GetAwaiter().GetResult()
            ?? throw new InvalidOperationException($"No {kind.Noun()} has been activated; start the server so that it activates the configured files first.");
        activationId = active.Id;
        var loaded = scope.ServiceProvider.GetRequiredService<IReferenceLoader>().Load(active.Version);
        if (loaded.Refusal is { } refusal)
        {
            throw new InvalidOperationException($"The activated {kind.Noun()} cannot be loaded: {refusal.Reason}");
        }

        return (object?)loaded.Value!.Evaluator ?? loaded.Value!.Registry!;
    }
}
