using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Grondslag.Cli.Tests;

/// <summary>
/// <c>grondslag audit</c> on the real executable against a real home: checkpoint creates the log and its key,
/// verify and prove only read (the database's bytes, time stamp and migration history stay as they were, even on an
/// older schema), and an outside party checks a checkpoint with the public key alone.
/// </summary>
public sealed class AuditCommandsTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("grondslag-cli-audit-").FullName;

    private string Database => Path.Combine(_home, "grondslag.db");

    private Dictionary<string, string> Environment => new()
    {
        ["GRONDSLAG_HOME"] = _home,
        ["GRONDSLAG_DB_PROVIDER"] = "",
        ["GRONDSLAG_DB"] = "",
        ["GRONDSLAG_AUDIT_KEYS"] = "",
        ["GRONDSLAG_AUDIT_WITNESS"] = "",
    };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_home, recursive: true);
    }

    [Fact]
    public void AuditVerify_NoDatabase_ExitsTwoNamingTheHomeAndCreatesNothing()
    {
        var result = CliRunner.Run(Environment, "audit", "verify");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("There is no database at", result.Error, StringComparison.Ordinal);
        Assert.Contains(_home, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Database));
    }

    [Fact]
    public void AuditCheckpointThenVerify_FreshHome_IntactAndTheCheckpointVerifiesWithThePublicKeyAlone()
    {
        var signed = CliRunner.Run(Environment, "audit", "checkpoint");
        Assert.True(signed.ExitCode == 0, signed.Error);
        var checkpoint = Path.Combine(_home, "held-checkpoint.txt");
        File.WriteAllText(checkpoint, signed.Out);

        var verified = CliRunner.Run(Environment, "audit", "verify");
        var outside = CliRunner.Run("audit", "verify-checkpoint", "--checkpoint", checkpoint, "--key", Path.Combine(_home, "keys", "audit.pub"));

        Assert.True(verified.ExitCode == 0, verified.Out + verified.Error);
        Assert.StartsWith("Intact: 0 entries", verified.Out, StringComparison.Ordinal);
        Assert.True(outside.ExitCode == 0, outside.Out + outside.Error);
        Assert.Contains("checkpoint verified", outside.Out, StringComparison.Ordinal);
        Assert.Contains("size 0", outside.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void AuditVerifyAndProve_OlderSchema_NeitherMigratesNorWrites()
    {
        Assert.Equal(0, CliRunner.Run(Environment, "audit", "checkpoint").ExitCode);
        // Make the database look one migration older than this build: a verification that migrated would apply it again.
        string dropped;
        using (var connection = new SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            connection.Open();
            using var last = connection.CreateCommand();
            last.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1";
            dropped = (string)last.ExecuteScalar()!;
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM __EFMigrationsHistory WHERE MigrationId = $id";
            delete.Parameters.AddWithValue("$id", dropped);
            Assert.Equal(1, delete.ExecuteNonQuery());
            using var checkpointWal = connection.CreateCommand();
            checkpointWal.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpointWal.ExecuteNonQuery();
        }

        var before = (Hash: SHA256.HashData(File.ReadAllBytes(Database)), Written: File.GetLastWriteTimeUtc(Database));
        var migrations = Migrations();

        var verified = CliRunner.Run(Environment, "audit", "verify");
        var proof = CliRunner.Run(Environment, "audit", "prove", "--index", "0");

        Assert.True(verified.ExitCode == 0, verified.Out + verified.Error);
        Assert.Equal(2, proof.ExitCode); // an empty log has no entry 0 to prove: an input error, not a write
        Assert.Equal(before.Hash, SHA256.HashData(File.ReadAllBytes(Database)));
        Assert.Equal(before.Written, File.GetLastWriteTimeUtc(Database));
        Assert.Equal(migrations, Migrations());
        Assert.DoesNotContain(dropped, Migrations());
        Assert.True(!File.Exists(Database + "-wal") || new FileInfo(Database + "-wal").Length == 0, "verify wrote to the write-ahead log");
    }

    private List<string> Migrations()
    {
        using var connection = new SqliteConnection($"Data Source={Database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
