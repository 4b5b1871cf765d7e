using System.CommandLine;
using System.Globalization;
using Grondslag.Attribution.Data;
using Grondslag.Audit;
using Grondslag.Cli.Composition;

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
    /// ~/.local/share/grondslag); the database comes from <c>StorageOptions.FromEnvironment</c>
    /// and the audit settings from <c>AuditOptions.FromEnvironment</c>.
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
        var noWitness = new Option<bool>("--no-witness") { Description = $"Do not compare with the witness directory (${AuditDatabase.WitnessDirectoryVariable})." };
        var verify = new Command("verify", "Recompute the tree from every stored entry and check every signed checkpoint and the witness copies; names the first bad index.") { noWitness };
        verify.SetAction(async (parse, cancellationToken) => await RunAsync("verify", async () =>
        {
            var report = await AuditDatabase.VerifyAsync(home, parse.GetValue(noWitness), cancellationToken).ConfigureAwait(false);
            Console.Out.WriteLine(report.Summary);
            foreach (var problem in report.Problems)
            {
                Console.Out.WriteLine($"  {problem}");
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

            var json = wantIndex is { } n
                ? await AuditDatabase.ProveInclusionAsync(home, n, parse.GetValue(size), cancellationToken).ConfigureAwait(false)
                : await AuditDatabase.ProveConsistencyAsync(home, wantFrom!.Value, wantTo!.Value, cancellationToken).ConfigureAwait(false);
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
            var signed = await AuditDatabase.CheckpointAsync(home, time, cancellationToken).ConfigureAwait(false);
            Console.Out.Write(signed.SignedNote);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"public key: {signed.PublicKeyPath}; witness: {signed.WitnessDirectory ?? "(none)"} ({signed.Exported} checkpoint(s) copied now)"));
            return GlobalOptions.ExitOk;
        }).ConfigureAwait(false));
        return checkpoint;
    }

    // Errors a user can cause (missing files, bad keys, proofs that cannot be given) become one line and exit code 2.
    private static async Task<int> RunAsync(string name, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuditKeyException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Console.Error.WriteLine($"grondslag audit {name}: {e.Message}");
            return GlobalOptions.ExitBadInput;
        }
    }
}
