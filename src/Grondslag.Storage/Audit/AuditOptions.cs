using System.Globalization;
using Grondslag.Audit;

namespace Grondslag.Storage.Audit;

/// <summary>
/// How the audit log signs and publishes: the log's origin (also the key's name), the key directory
/// (outside the database), the witness directory (outside the database, ideally another machine's
/// mount) and how often a checkpoint is signed (every N entries; 0 = only on demand).
/// </summary>
public sealed record AuditOptions(string Origin, string KeyDirectory, string? WitnessDirectory, int CheckpointEvery)
{
    public const string DefaultOrigin = "grondslag.ncsc.example/audit";
    public const int DefaultCheckpointEvery = 1000;

    public const string OriginVariable = "GRONDSLAG_AUDIT_ORIGIN";
    public const string KeyDirectoryVariable = "GRONDSLAG_AUDIT_KEYS";
    public const string WitnessDirectoryVariable = "GRONDSLAG_AUDIT_WITNESS";
    public const string CheckpointEveryVariable = "GRONDSLAG_AUDIT_CHECKPOINT_EVERY";

    /// <summary>The verifier key file beside the signing key.</summary>
    public string PublicKeyPath => Path.Combine(KeyDirectory, AuditKeyFiles.PublicKeyFileName);

    /// <summary>
    /// From GRONDSLAG_AUDIT_ORIGIN, GRONDSLAG_AUDIT_KEYS (default <paramref name="home"/>/keys),
    /// GRONDSLAG_AUDIT_WITNESS (default <paramref name="home"/>/witness; "none" turns it off) and
    /// GRONDSLAG_AUDIT_CHECKPOINT_EVERY (default 1000).
    /// </summary>
    public static AuditOptions FromEnvironment(string home)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(home);
        var origin = Environment.GetEnvironmentVariable(OriginVariable) is { Length: > 0 } o ? o.Trim() : DefaultOrigin;
        var keys = Environment.GetEnvironmentVariable(KeyDirectoryVariable) is { Length: > 0 } k ? Path.GetFullPath(k) : Path.Combine(home, "keys");
        var witness = Environment.GetEnvironmentVariable(WitnessDirectoryVariable) switch
        {
            "none" => null,
            { Length: > 0 } w => Path.GetFullPath(w),
            _ => Path.Combine(home, "witness"),
        };
        var every = DefaultCheckpointEvery;
        if (Environment.GetEnvironmentVariable(CheckpointEveryVariable) is { Length: > 0 } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out every)))
        {
            throw new InvalidOperationException($"{CheckpointEveryVariable}: '{text}' is not a whole number of entries (0 = only on demand).");
        }

        return new AuditOptions(origin, keys, witness, every);
    }
}

/// <summary>What the audit log needs once per process: the origin, the loaded signing key, the interval and the witness.</summary>
public sealed class AuditLogSettings
{
    public AuditLogSettings(string origin, Ed25519NoteSigner signer, int checkpointEvery, WitnessDirectory? witness)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentOutOfRangeException.ThrowIfNegative(checkpointEvery);
        if (!string.Equals(signer.Name, origin, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The signing key is named \"{signer.Name}\"; the log's origin is \"{origin}\". They must be the same.", nameof(signer));
        }

        Origin = origin;
        Signer = signer;
        CheckpointEvery = checkpointEvery;
        Witness = witness;
    }

    public string Origin { get; }

    public Ed25519NoteSigner Signer { get; }

    public Ed25519NoteVerifier Verifier => Signer.Verifier;

    /// <summary>Sign a checkpoint whenever the size becomes a multiple of this; 0 = only on demand.</summary>
    public int CheckpointEvery { get; }

    public WitnessDirectory? Witness { get; }

    /// <summary>Loads (or, on first use, generates) the key named by <paramref name="options"/>.</summary>
    public static AuditLogSettings Load(AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AuditLogSettings(
            options.Origin,
            AuditKeyFiles.LoadOrCreate(options.KeyDirectory, options.Origin),
            options.CheckpointEvery,
            options.WitnessDirectory is null ? null : new WitnessDirectory(options.WitnessDirectory));
    }
}
