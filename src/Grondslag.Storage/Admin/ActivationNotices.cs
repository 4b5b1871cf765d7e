using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Grondslag.Storage.Admin;

/// <summary>
/// PostgreSQL's LISTEN/NOTIFY for activations: an activation announces its id on <see cref="Channel"/> inside its own
/// transaction (PostgreSQL delivers the notice only when, and only if, it commits), and every node listens so that it
/// brings the new version into force within moments. A notice is only a hint to look: a node also compares the newest
/// activation's id before every request, so a notice lost while a node was disconnected leaves it behind for no request.
/// SQLite has no notices (and one node); there the check alone applies.
/// </summary>
public static class ActivationNotices
{
    public const string Channel = "grondslag_activation";

    /// <summary>Inside the activation's transaction: announce it on commit (PostgreSQL only; nothing on SQLite).</summary>
    public static async Task AnnounceAsync(GrondslagDbContext db, long activationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.IsNpgsql())
        {
            var payload = activationId.ToString(CultureInfo.InvariantCulture);
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {payload})", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Listens on one dedicated connection until <paramref name="cancellationToken"/> fires: calls
    /// <paramref name="onNotice"/> once when listening starts (to catch up with what happened while not listening), on
    /// every notice, and every <paramref name="recheck"/> when nothing arrives. A broken connection ends the call with
    /// its exception; the caller reconnects.
    /// </summary>
    public static async Task ListenAsync(StorageOptions storage, Func<CancellationToken, Task> onNotice, TimeSpan recheck, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(onNotice);
        if (storage.Provider != DatabaseProvider.PostgreSql)
        {
            throw new InvalidOperationException("Activation notices need PostgreSQL; on SQLite the check before each request applies alone.");
        }

        // Its own small pool (one connection, kept alive), apart from the request pool.
        var builder = new NpgsqlConnectionStringBuilder(storage.ConnectionString) { KeepAlive = 15, MaxPoolSize = 1, Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var listen = new NpgsqlCommand($"LISTEN {Channel}", connection);
            await using (listen.ConfigureAwait(false))
            {
                await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await onNotice(cancellationToken).ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                // True on a notice, false when the re-check interval passed: either way, look.
                _ = await connection.WaitAsync(recheck, cancellationToken).ConfigureAwait(false);
                await onNotice(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
