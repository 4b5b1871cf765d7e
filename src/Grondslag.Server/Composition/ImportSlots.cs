using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;

namespace Grondslag.Server.Composition;

/// <summary>
/// How many indicator imports may run at once: <see cref="PerUser"/> per person and <see cref="Total"/> on the server
/// (an import holds its unique addresses in memory while it is parsed and stored). Over either bound an import is refused at once
/// with a message that says to wait, never queued without limit. A lease taken by the endpoint before it reads the body
/// covers the use case it calls (same async flow).
/// </summary>
public sealed class ImportSlots(int perUser = ImportSlots.DefaultPerUser, int total = ImportSlots.DefaultTotal)
{
    public const int DefaultPerUser = 2;

    public const int DefaultTotal = 4;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _byUser = new(StringComparer.Ordinal);
    private readonly AsyncLocal<Lease?> _held = new();
    private int _running;

    public int PerUser => perUser;

    public int Total => total;

    /// <summary>A lease, or null with the reason when a bound is reached.</summary>
    public (IDisposable? Lease, Grondslag.Domain.Text.LocalText? Refusal) TryEnter(string user)
    {
        if (_held.Value is { Disposed: false })
        {
            return (NoLease.Instance, null);
        }

        lock (_gate)
        {
            var mine = _byUser.GetValueOrDefault(user);
            if (mine >= perUser)
            {
                return (null, new Grondslag.Domain.Text.LocalText($"You already have {mine} imports running (at most {perUser} at once); wait until one finishes.", $"U hebt al {mine} inleesacties lopen (hoogstens {perUser} tegelijk); wacht tot er een klaar is."));
            }

            if (_running >= total)
            {
                return (null, new Grondslag.Domain.Text.LocalText($"The server is running {_running} imports (at most {total} at once); try again in a minute.", $"De server voert {_running} inleesacties uit (hoogstens {total} tegelijk); probeer het over een minuut opnieuw."));
            }

            _byUser[user] = mine + 1;
            _running++;
        }

        var lease = new Lease(this, user);
        _held.Value = lease;
        return (lease, null);
    }

    private void Leave(string user)
    {
        lock (_gate)
        {
            _running--;
            if (_byUser.TryGetValue(user, out var mine) && mine > 1)
            {
                _byUser[user] = mine - 1;
            }
            else
            {
                _byUser.Remove(user);
            }
        }
    }

    private sealed class Lease(ImportSlots slots, string user) : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose()
        {
            if (!Disposed)
            {
                Disposed = true;
                slots.Leave(user);
            }
        }
    }

    private sealed class NoLease : IDisposable
    {
        public static readonly NoLease Instance = new();

        public void Dispose()
        {
        }
    }
}

/// <summary>The import use case behind <see cref="ImportSlots"/> (so the web UI's imports count too).</summary>
internal sealed class BoundedImportIndicators(ImportIndicators inner, ImportSlots slots) : IImportIndicators
{
    public async Task<Outcome<ImportResult>> ExecuteAsync(string caseId, string fileName, Stream content, Actor actor, IProgress<ImportProgress>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (lease, refusal) = slots.TryEnter(actor.Name);
        if (lease is null)
        {
            return Outcome<ImportResult>.Refused(RefusalKind.Conflict, refusal!);
        }

        using (lease)
        {
            return await inner.ExecuteAsync(caseId, fileName, content, actor, progress, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// Where each running or recent import stands, for its uploader (<c>GET /api/cases/{id}/import-progress/{token}</c>):
/// kept in this process's memory under the uploader's name and a token the uploader chose, for an hour.
/// </summary>
public sealed class ImportProgressBoard(TimeProvider clock)
{
    private static readonly TimeSpan Keep = TimeSpan.FromHours(1);
    private readonly Lock _gate = new();
    private readonly Dictionary<(string User, string CaseId, string Token), (ImportProgress Progress, DateTimeOffset At)> _entries = [];

    /// <summary>A token is 1 to 64 letters, digits, '-' or '_'.</summary>
    public static bool IsToken(string? token) =>
        token is { Length: > 0 and <= 64 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public IProgress<ImportProgress> For(string user, string caseId, string token) => new Reporter(this, (user, caseId, token));

    public ImportProgress? Find(string user, string caseId, string token)
    {
        lock (_gate)
        {
            return _entries.TryGetValue((user, caseId, token), out var entry) && clock.GetUtcNow() - entry.At < Keep ? entry.Progress : null;
        }
    }

    private void Set((string, string, string) key, ImportProgress progress)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            _entries[key] = (progress, now);
            if (_entries.Count > 256)
            {
                foreach (var old in _entries.Where(e => now - e.Value.At >= Keep).Select(e => e.Key).ToList())
                {
                    _entries.Remove(old);
                }
            }
        }
    }

    /// <summary>Reports synchronously (System.Progress would post to the thread pool and could reorder the stages).</summary>
    private sealed class Reporter(ImportProgressBoard board, (string, string, string) key) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => board.Set(key, value);
    }
}
