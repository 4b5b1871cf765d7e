using Grondslag.Application.Cases;
using Grondslag.Attribution.Data;
using Grondslag.Attribution.Parties;
using Grondslag.Attribution.Tables;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using Grondslag.Rules;
using Grondslag.Storage;
using Grondslag.Storage.Admin;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Composition;

/// <summary>
/// The address tables, party registry and rule book the use cases work with. Loaded on first use: the
/// registry and rule-set configuration an administrator last activated (kept in the database), else the
/// configured files. An activation swaps them atomically for every later request.
/// </summary>
internal sealed class LoadedSharingContext(IConfiguration configuration, IServiceScopeFactory scopes) : ISharingContext
{
    private readonly Lazy<AddressTables> _tables = new(() => AddressTables.Load(DataDirectory.Resolve(configuration[ServerKeys.DataDirectory])));
    private readonly Lock _gate = new();
    private PartyRegistry? _parties;
    private LegalEvaluator? _evaluator;

    public AddressTables Tables => _tables.Value;

    public PartyRegistry Parties
    {
        get
        {
            lock (_gate)
            {
                return _parties ??= LoadParties();
            }
        }
    }

    public LegalEvaluator Evaluator
    {
        get
        {
            lock (_gate)
            {
                return _evaluator ??= LoadEvaluator();
            }
        }
    }

    public string RulesDirectory => Grondslag.Application.RulesLocation.Resolve(configuration[ServerKeys.RulesDirectory]);

    public void Activate(PartyRegistry parties)
    {
        lock (_gate)
        {
            _parties = parties;
        }
    }

    public void Activate(LegalEvaluator evaluator)
    {
        lock (_gate)
        {
            _evaluator = evaluator;
        }
    }

    private ActivationRow? Latest(string kind)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GrondslagDbContext>();
        return db.Set<ActivationRow>().AsNoTracking().Where(a => a.Kind == kind).OrderByDescending(a => a.Id).FirstOrDefault();
    }

    private PartyRegistry LoadParties() =>
        Latest(ActivationRow.Parties) is { Content: { } yaml } row
            ? PartyRegistryLoader.Load($"activation {row.Id} by {row.ActivatedBy}", yaml)
            : PartyRegistryLoader.LoadFile(configuration[ServerKeys.PartiesFile] is { Length: > 0 } f ? f : PartyRegistryLoader.DefaultPath);

    private LegalEvaluator LoadEvaluator()
    {
        var configured = Latest(ActivationRow.RuleSet)?.CbwEntryIntoForce;
        return new LegalEvaluator(RuleBookLoader.Load(RulesDirectory, RuleBookLoader.ParseConfiguredDate(configured, "activated Cbw entry into force")));
    }
}
