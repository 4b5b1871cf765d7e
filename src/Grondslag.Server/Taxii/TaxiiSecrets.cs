using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Grondslag.Server.Taxii;

/// <summary>
/// TAXII client secrets: 32 random bytes shown once, stored only as PBKDF2-SHA256 (600,000 iterations, OWASP's
/// figure) with a per-secret salt. Verification costs the same whether or not the party has credentials (an unknown
/// party is derived against a dummy hash of the same cost), so the answer's timing does not reveal who has them.
/// A successful check is remembered for a few minutes under a SHA-256 of (party, stored hash, presented secret) — in
/// memory only — so a client pulling pages does not pay the derivation each time. At most <see cref="ParallelDerivations"/>
/// derivations run at once, so a flood of wrong secrets cannot take every core from staff.
/// </summary>
internal sealed class TaxiiSecrets(TimeProvider time) : IDisposable
{
    private const int Iterations = 600_000;
    public const int ParallelDerivations = 2;
    private const int MaxRemembered = 10_000;
    private static readonly TimeSpan Remember = TimeSpan.FromMinutes(5);
    private static readonly Lazy<string> Dummy = new(() => Hash(NewSecret()));
    private readonly ConcurrentDictionary<string, DateTimeOffset> _verified = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _derivations = new(ParallelDerivations);

    /// <summary>A new secret for a client: URL-safe, 43 characters, 256 bits.</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, Iterations, HashAlgorithmName.SHA256, 32);
        return string.Create(CultureInfo.InvariantCulture, $"pbkdf2-sha256${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>
    /// Whether the presented secret matches the stored hash (constant-time comparison). <paramref name="storedHash"/>
    /// null (no such client) costs a derivation against the dummy hash and answers false.
    /// </summary>
    public async Task<bool> VerifyAsync(string clientId, string presented, string? storedHash, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(clientId + "\n" + (storedHash ?? "") + "\n" + presented)));
        var now = time.GetUtcNow();
        if (storedHash is not null && _verified.TryGetValue(key, out var until) && until > now)
        {
            return true;
        }

        var hash = storedHash ?? Dummy.Value;
        var parts = hash.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
        {
            return false;
        }

        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        byte[] actual;
        await _derivations.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(presented), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        }
        finally
        {
            _derivations.Release();
        }

        if (!CryptographicOperations.FixedTimeEquals(actual, expected) || storedHash is null)
        {
            return false;
        }

        if (_verified.Count >= MaxRemembered)
        {
            _verified.Clear();
        }

        _verified[key] = now + Remember;
        return true;
    }

    public void Dispose() => _derivations.Dispose();
}
