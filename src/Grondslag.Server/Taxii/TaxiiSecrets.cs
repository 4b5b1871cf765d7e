using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Grondslag.Server.Taxii;

/// <summary>
/// TAXII client secrets: 32 random bytes shown once, stored only as PBKDF2-SHA256 (600,000 iterations, OWASP's
/// figure) with a per-secret salt. A successful check is remembered for a few minutes as a SHA-256 of the
/// presented secret (in memory only), so that a client pulling pages does not pay the key derivation each time.
/// </summary>
internal sealed class TaxiiSecrets(TimeProvider time)
{
    private const int Iterations = 600_000;
    private static readonly TimeSpan Remember = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, (string StoredHash, byte[] Presented, DateTimeOffset Until)> _verified = new(StringComparer.Ordinal);

    /// <summary>A new secret for a client: URL-safe, 43 characters, 256 bits.</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, Iterations, HashAlgorithmName.SHA256, 32);
        return string.Create(CultureInfo.InvariantCulture, $"pbkdf2-sha256${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Whether the presented secret matches the stored hash (constant-time comparison).</summary>
    public bool Verify(string clientId, string presented, string storedHash)
    {
        var fingerprint = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var now = time.GetUtcNow();
        if (_verified.TryGetValue(clientId, out var known) && known.StoredHash == storedHash && known.Until > now
            && CryptographicOperations.FixedTimeEquals(known.Presented, fingerprint))
        {
            return true;
        }

        var parts = storedHash.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
        {
            return false;
        }

        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(presented), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return false;
        }

        _verified[clientId] = (storedHash, fingerprint, now + Remember);
        return true;
    }
}
