using System.Collections.Concurrent;

namespace Grondslag.Server.Web;

/// <summary>
/// One case per submitted form, however often it is posted (a double click, a reload of the POST): the form carries a
/// random token; the first post with it claims the token and records the case it made, a repeat waits for that case
/// and is sent to it. Tokens are kept for a day in memory (one server; a restart forgets them, which only re-enables a
/// resubmission of a form older than the restart).
/// </summary>
public sealed class Submissions(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed class Entry(DateTimeOffset at)
    {
        public DateTimeOffset At { get; } = at;

        public TaskCompletionSource<string?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>True when this post is the first with <paramref name="token"/>; false when another post already claimed it.</summary>
    public bool TryClaim(string token)
    {
        var now = clock.GetUtcNow();
        foreach (var old in _entries.Where(e => now - e.Value.At > TimeSpan.FromDays(1)).Select(e => e.Key).ToList())
        {
            _entries.TryRemove(old, out _);
        }

        return _entries.TryAdd(token, new Entry(now));
    }

    /// <summary>Records what the first post made (null when it failed: the token is released for a corrected retry).</summary>
    public void Complete(string token, string? caseId)
    {
        if (_entries.TryGetValue(token, out var entry))
        {
            entry.Result.TrySetResult(caseId);
            if (caseId is null)
            {
                _entries.TryRemove(token, out _);
            }
        }
    }

    /// <summary>The case the first post with <paramref name="token"/> made, waiting for it up to a minute; null if none.</summary>
    public async Task<string?> ResultAsync(string token, CancellationToken cancellationToken)
    {
        if (!_entries.TryGetValue(token, out var entry))
        {
            return null;
        }

        try
        {
            return await entry.Result.Task.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }
}
