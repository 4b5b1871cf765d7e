using System.CommandLine;
using System.Globalization;
using Grondslag.Attribution.Data;
using Grondslag.Audit;
using Grondslag.Storage;
using Grondslag.Storage.Audit;

namespace Grondslag.Cli.Commands;

/// <summary>
/// <c>grondslag audit verify|prove|verify-checkpoint|checkpoint</c>: check the tamper-evident audit log,
/// give proofs from it, and let an outside party check a checkpoint and proof with only the public key.
/// </summary>
public static class AuditCommands
{
    public const string HomeVariable = GrondslagHome.EnvironmentVariable;

    /// <summary>
    /// The <c>audit</c> command. <paramref name="home"/> is where the SQLite database, <c>keys/</c> and
    /// <c>witness/</c> live by default (default: $GRONDSLAG_HOME, else $XDG_DATA_HOME/grondslag or
    /// ~/.local/share/grondslag); the database comes from <see cref="StorageOptions.FromEnvironment"/>
    /// and the audit settings from <see cref="AuditOptions.FromEnvironment"/>.
    /// </summary>
    public static Command Create(TimeProvider time, string? home = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        var audit = new Command("audit", "The tamper-evident audit log: verify it, prove entries and consistency, sign checkpoints.");
        audit.Subcommands.Add(CreateVerify(home));
        audit.Subcommands.Add(CreateProve(home));
        audit.Subcommands.Add(CreateVerifyCheckpoint());
        audit.Subcommands.Add(CreateCheckpoint(time, home));
        return audit;
    }

    /// <summary>The one home shared with the server: see <see cref="GrondslagHome"/>.</summary>
    public static string ResolveHome(string? home) => GrondslagHome.Resolve(home);

    private static Command CreateVerify(string? home)
    {
        var noWitness = new Option<bool>("--no-witness") { Description = $"Do not compare with the witness directory (${AuditOptions.WitnessDirectoryVariable})." };
        var verify = new Command("verify", "Recompute the tree from every stored entry and check every signed checkpoint and the witness copies; names the first bad index.") { noWitness };
        verify.SetAction(async (parse, cancellationToken) => await RunAsync("verify", async () =>
        {
            var (storage, options) = ConfigureReadOnly(home);
            var key = LoadVerifier(options, home);
            await using var context = GrondslagDatabase.Create(storage);
            var witness = parse.GetValue(noWitness) || options.WitnessDirectory is null ? null : new WitnessDirectory(options.WitnessDirectory);
            var report = await new AuditVerifier(context, options.Origin, key, witness).VerifyAsync(cancellationToken).ConfigureAwait(false);
            Console.Out.WriteLine(report.Summary);
            foreach (var problem in report.Problems)
            {
                Console.Out.WriteLine($"  {problem.Kind}: {problem.Explanation}");
            }

            return report.IsIntact ? GlobalOptions.ExitOk : GlobalOptions.ExitFailed;
        }).ConfigureAwait(false));
        return verify;
    }

    private static Command CreateProve(string? home)
    {
        var index = new Option<long?>("--index") { Description = "Prove that this entry is in the log (inclusion proof)." };
        var size = new Option<long?>("--size") { Description = "…against the signed checkpoint of this size (default: the latest)." };
        var from = new Option<long?>("--from") { Description = "Prove that the checkpoint of this size is a prefix of --to (consistency proof)." };
        var to = new Option<long?>("--to") { Description = "The later checkpoint's size." };
        var output = new Option<string?>("--out") { Description = "Write the proof (JSON) to this file instead of standard output." };
        var prove = new Command("prove", "Give an inclusion proof (--index N [--size M]) or a consistency proof (--from SIZE1 --to SIZE2) against signed checkpoints.")
        {
            index, size, from, to, output,
        };
        prove.SetAction(async (parse, cancellationToken) => await RunAsync("prove", async () =>
        {
            var (wantIndex, wantFrom, wantTo) = (parse.GetValue(index), parse.GetValue(from), parse.GetValue(to));
            if (wantIndex is null == (wantFrom is null || wantTo is null))
            {
                Console.Error.WriteLine("grondslag audit prove: give either --index N [--size M], or --from SIZE1 --to SIZE2.");
                return GlobalOptions.ExitBadInput;
            }

            var (storage, options) = ConfigureReadOnly(home);
            var key = LoadVerifier(options, home);
            await using var context = GrondslagDatabase.Create(storage);
            var verifier = new AuditVerifier(context, options.Origin, key);
            var json = wantIndex is { } n
                ? (await verifier.ProveInclusionAsync(n, parse.GetValue(size), cancellationToken).ConfigureAwait(false)).ToJson()
                : (await verifier.ProveConsistencyAsync(wantFrom!.Value, wantTo!.Value, cancellationToken).ConfigureAwait(false)).ToJson();
            if (parse.GetValue(output) is { Length: > 0 } file)
            {
                await File.WriteAllTextAsync(file, json + "\n", cancellationToken).ConfigureAwait(false);
                Console.Error.WriteLine($"proof written to {file}");
            }
            else
            {
                Console.Out.WriteLine(json);
            }

            return GlobalOptions.ExitOk;
        }).ConfigureAwait(false));
        return prove;
    }

    private static Command CreateVerifyCheckpoint()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "The signed checkpoint you hold (a C2SP signed note).", Required = true };
        var key = new Option<string>("--key") { Description = "The log's public key file (audit.pub: name+keyid+base64).", Required = true };
        var proof = new Option<string?>("--proof") { Description = "An inclusion or consistency proof (from 'grondslag audit prove') to check against the checkpoint." };
        var origin = new Option<string?>("--origin") { Description = "The log's origin (default: the key's name)." };
        var command = new Command("verify-checkpoint", "For an outside party: check a checkpoint's signature, and optionally a proof against it. Needs no database.")
        {
            checkpoint, key, proof, origin,
        };
        command.SetAction(async (parse, cancellationToken) => await RunAsync("verify-checkpoint", async () =>
        {
            var verifier = AuditKeyFiles.LoadVerifier(parse.GetValue(key)!);
            var opened = AuditProofDocuments.OpenCheckpoint(await File.ReadAllTextAsync(parse.GetValue(checkpoint)!, cancellationToken).ConfigureAwait(false), verifier, parse.GetValue(origin));
            if (!opened.IsSuccess)
            {
                Console.Out.WriteLine($"checkpoint REJECTED: {opened.Error}");
                return GlobalOptions.ExitFailed;
            }

            var held = opened.Value!;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"checkpoint verified: {held.Origin}, size {held.Size}, root {Convert.ToBase64String(held.RootHash.AsSpan())}"));
            if (parse.GetValue(proof) is not { Length: > 0 } proofFile)
            {
                return GlobalOptions.ExitOk;
            }

            var check = AuditProofDocuments.Verify(await File.ReadAllTextAsync(proofFile, cancellationToken).ConfigureAwait(false), held, verifier);
            Console.Out.WriteLine((check.Holds ? "proof holds: " : "proof REJECTED: ") + check.Explanation);
            return check.Holds ? GlobalOptions.ExitOk : GlobalOptions.ExitFailed;
        }).ConfigureAwait(false));
        return command;
    }

    private static Command CreateCheckpoint(TimeProvider time, string? home)
    {
        var checkpoint = new Command("checkpoint", "Sign a checkpoint of the log now (the key is generated on first use) and copy every checkpoint to the witness directory.");
        checkpoint.SetAction(async (parse, cancellationToken) => await RunAsync("checkpoint", async () =>
        {
            var (storage, options) = Configure(home);
            var settings = AuditLogSettings.Load(options);
            await GrondslagDatabase.InitializeAsync(storage, cancellationToken).ConfigureAwait(false);
            await using var context = GrondslagDatabase.Create(storage);
            var log = new AuditLog(context, time, settings);
            var signed = await log.CheckpointAsync(cancellationToken).ConfigureAwait(false);
            var exported = await log.ExportToWitnessAsync(cancellationToken).ConfigureAwait(false);
            Console.Out.Write(signed.SignedNote);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"public key: {options.PublicKeyPath}; witness: {options.WitnessDirectory ?? "(none)"} ({exported} checkpoint(s) copied now)"));
            return GlobalOptions.ExitOk;
        }).ConfigureAwait(false));
        return checkpoint;
    }

    private static (StorageOptions Storage, AuditOptions Audit) Configure(string? home)
    {
        var directory = ResolveHome(home);
        return (StorageOptions.FromEnvironment(directory), AuditOptions.FromEnvironment(directory));
    }

    // The database the server wrote, opened read-only and never migrated: a check must not change what it checks,
    // nor create an empty database where the operator pointed at the wrong home.
    private static (StorageOptions Storage, AuditOptions Audit) ConfigureReadOnly(string? home)
    {
        var (storage, audit) = Configure(home);
        return (storage.ReadOnly(out var problem) ?? throw new InvalidOperationException(
            $"{problem} The server keeps its database in its home ({HomeVariable}, default ~/.local/share/grondslag); " +
            $"this command looked in {ResolveHome(home)}. Set {HomeVariable} to the server's home (or GRONDSLAG_DB_PROVIDER/GRONDSLAG_DB to its database) and run it again."), audit);
    }

    private static Ed25519NoteVerifier LoadVerifier(AuditOptions options, string? home)
    {
        if (!File.Exists(options.PublicKeyPath))
        {
            throw new InvalidOperationException(
                $"The audit log's public key is not at {options.PublicKeyPath}. The server writes it to keys/ in its home ({HomeVariable}); " +
                $"this command looked in {ResolveHome(home)}. Set {HomeVariable} (or {AuditOptions.KeyDirectoryVariable}) to the server's, or fetch the key from " +
                "the server's /.well-known/grondslag/audit-verifier-key and check a checkpoint with 'grondslag audit verify-checkpoint --key FILE'.");
        }

        return AuditKeyFiles.LoadVerifier(options.PublicKeyPath);
    }

    // Errors a user can cause (missing files, bad keys, proofs that cannot be given) become one line and exit code 2.
    private static async Task<int> RunAsync(string name, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuditProofException or AuditKeyException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Console.Error.WriteLine($"grondslag audit {name}: {e.Message}");
            return GlobalOptions.ExitBadInput;
        }
    }
}
