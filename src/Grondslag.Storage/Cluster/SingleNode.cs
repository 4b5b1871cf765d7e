using Npgsql;

namespace Grondslag.Storage.Cluster;

/// <summary>
/// Work that one node at a time may do (the audit checkpoint signer and witness exporter): on PostgreSQL a session
/// advisory lock, tried without waiting on a connection of its own, so a node that dies while holding it frees it the
/// moment PostgreSQL notices the connection is gone. SQLite is one node by definition (one process owns the file), so
/// there the work simply runs.
/// </summary>
public static class SingleNode
{
    /// <summary>The advisory lock key of the audit checkpoint signer and witness exporter: "GrondWit" as a 64-bit number.</summary>
    public const long AuditWitnessKey = 0x47726F6E64576974;

    /// <summary>Runs <paramref name="work"/> when no other node holds <paramref name="key"/>; returns false (without running it) when one does.</summary>
    public static async Task<bool> TryRunAsync(StorageOptions storage, long key, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(work);
        if (storage.Provider != DatabaseProvider.PostgreSql)
        {
            await work(cancellationToken).ConfigureAwait(false);
            return true;
        }

        var builder = new NpgsqlConnectionStringBuilder(GrondslagDatabase.BoundedPool(storage.ConnectionString));
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!await ScalarAsync(connection, "SELECT pg_try_advisory_lock(@key)", key, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            try
            {
                await work(cancellationToken).ConfigureAwait(false);
                return true;
            }
            finally
            {
                // Not cancellable: a lock left held on a pooled connection would block every other node.
                await ScalarAsync(connection, "SELECT pg_advisory_unlock(@key)", key, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static async Task<bool> ScalarAsync(NpgsqlConnection connection, string sql, long key, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("key", key);
            return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }
}
