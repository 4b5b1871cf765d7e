using Grondslag.Application.Auditing;
using Grondslag.Attribution.Data;
using Grondslag.Audit;
using Grondslag.Storage;
using Grondslag.Storage.Audit;

namespace Grondslag.Cli.Composition;

/// <summary>
/// The CLI's one door to the audit log's database: it finds the server's home, opens the database (read-only and never
/// migrated for checks and proofs) and answers in plain values, so the commands never name a storage type.
/// </summary>
internal static class AuditDatabase
{
    /// <summary>What <c>audit verify</c> found: whether the log is intact, its summary line, and one line per problem.</summary>
    public sealed record Verification(bool IsIntact, string Summary, IReadOnlyList<string> Problems);

    /// <summary>A checkpoint just signed, where its public key is, and how many checkpoints went to the witness directory.</summary>
    public sealed record SignedCheckpoint(string SignedNote, string PublicKeyPath, string? WitnessDirectory, int Exported);

    /// <summary>The variable naming the witness directory the checks compare with.</summary>
    public const string WitnessDirectoryVariable = AuditOptions.WitnessDirectoryVariable;

    private static string HomeVariable => GrondslagHome.EnvironmentVariable;

    public static async Task<Verification> VerifyAsync(string? home, bool noWitness, CancellationToken cancellationToken)
    {
        var (storage, options) = ConfigureReadOnly(home);
        var key = LoadVerifier(options, home);
        await using var context = GrondslagDatabase.Create(storage);
        var witness = noWitness || options.WitnessDirectory is null ? null : new WitnessDirectory(options.WitnessDirectory);
        var report = await new AuditVerifier(context, options.Origin, key, witness).VerifyAsync(cancellationToken).ConfigureAwait(false);
        return new Verification(report.IsIntact, report.Summary, [.. report.Problems.Select(p => $"{p.Kind}: {p.Explanation}")]);
    }

    public static Task<string> ProveInclusionAsync(string? home, long index, long? size, CancellationToken cancellationToken) =>
        ProveAsync(home, async v => (await v.ProveInclusionAsync(index, size, cancellationToken).ConfigureAwait(false)).ToJson());

    public static Task<string> ProveConsistencyAsync(string? home, long from, long to, CancellationToken cancellationToken) =>
        ProveAsync(home, async v => (await v.ProveConsistencyAsync(from, to, cancellationToken).ConfigureAwait(false)).ToJson());

    /// <summary>Signs a checkpoint now (creating and migrating the database and the key on first use) and copies checkpoints to the witness.</summary>
    public static async Task<SignedCheckpoint> CheckpointAsync(string? home, TimeProvider time, CancellationToken cancellationToken)
    {
        var (storage, options) = Configure(home);
        var settings = AuditLogSettings.Load(options);
        await GrondslagDatabase.InitializeAsync(storage, cancellationToken).ConfigureAwait(false);
        await using var context = GrondslagDatabase.Create(storage);
        var log = new AuditLog(context, time, settings);
        var signed = await log.CheckpointAsync(cancellationToken).ConfigureAwait(false);
        var exported = await log.ExportToWitnessAsync(cancellationToken).ConfigureAwait(false);
        return new SignedCheckpoint(signed.SignedNote, options.PublicKeyPath, options.WitnessDirectory, exported);
    }

    private static async Task<string> ProveAsync(string? home, Func<AuditVerifier, Task<string>> prove)
    {
        var (storage, options) = ConfigureReadOnly(home);
        var key = LoadVerifier(options, home);
        await using var context = GrondslagDatabase.Create(storage);
        try
        {
            return await prove(new AuditVerifier(context, options.Origin, key)).ConfigureAwait(false);
        }
        catch (AuditProofException e)
        {
            // The command reports a proof that cannot be given like any other input error: one line, exit code 2.
            throw new InvalidOperationException(e.Message, e);
        }
    }

    private static (StorageOptions Storage, AuditOptions Audit) Configure(string? home)
    {
        var directory = GrondslagHome.Resolve(home);
        return (StorageOptions.FromEnvironment(directory), AuditOptions.FromEnvironment(directory));
    }

    // The database the server wrote, opened read-only and never migrated: a check must not change what it checks,
    // nor create an empty database where the operator pointed at the wrong home.
    private static (StorageOptions Storage, AuditOptions Audit) ConfigureReadOnly(string? home)
    {
        var (storage, audit) = Configure(home);
        return (storage.ReadOnly(out var problem) ?? throw new InvalidOperationException(
            $"{problem} The server keeps its database in its home ({HomeVariable}, default ~/.local/share/grondslag); " +
            $"this command looked in {GrondslagHome.Resolve(home)}. Set {HomeVariable} to the server's home (or GRONDSLAG_DB_PROVIDER/GRONDSLAG_DB to its database) and run it again."), audit);
    }

    private static Ed25519NoteVerifier LoadVerifier(AuditOptions options, string? home)
    {
        if (!File.Exists(options.PublicKeyPath))
        {
            throw new InvalidOperationException(
                $"The audit log's public key is not at {options.PublicKeyPath}. The server writes it to keys/ in its home ({HomeVariable}); " +
                $"this command looked in {GrondslagHome.Resolve(home)}. Set {HomeVariable} (or {AuditOptions.KeyDirectoryVariable}) to the server's, or fetch the key from " +
                "the server's /.well-known/grondslag/audit-verifier-key and check a checkpoint with 'grondslag audit verify-checkpoint --key FILE'.");
        }

        return AuditKeyFiles.LoadVerifier(options.PublicKeyPath);
    }
}
