using Npgsql;

namespace Grondslag.Storage;

/// <summary>
/// Least privilege on PostgreSQL (issue 17): a migration role owns the schema and runs the migrations; the application
/// role the server connects as gets only DML on the tables, and on the audit log's tables only SELECT and INSERT.
/// Run by the migration role after every migration, so tables added later (by any migration) are covered: the grants on
/// existing tables are repeated, and ALTER DEFAULT PRIVILEGES gives the application role DML on every table the
/// migration role creates from now on. The append-only tables are revoked again after each run.
/// </summary>
public static class PostgreSqlPrivileges
{
    /// <summary>Tables the application may read and append to, never change: the audit log and its signed checkpoints.</summary>
    public static readonly IReadOnlyList<string> AppendOnlyTables = ["audit_entry", "audit_checkpoint"];

    /// <summary>The statements that give <paramref name="applicationRole"/> what it needs in the current schema, and no more.</summary>
    public static IReadOnlyList<string> Statements(string applicationRole)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(applicationRole);
        var app = Quote(applicationRole);
        var appendOnly = string.Join(", ", AppendOnlyTables.Select(Quote));
        return
        [
            $"GRANT USAGE ON SCHEMA public TO {app}",
            $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}",
            $"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {app}",
            $"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
            $"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {app}",
            $"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {appendOnly} FROM {app}",
            $"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON \"__EFMigrationsHistory\" FROM {app}",
        ];
    }

    /// <summary>Applies <see cref="Statements"/> as the migration role (a no-op when both connections are the same role).</summary>
    public static async Task GrantAsync(StorageOptions migration, StorageOptions application, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(migration);
        ArgumentNullException.ThrowIfNull(application);
        if (migration.Provider != DatabaseProvider.PostgreSql || application.Provider != DatabaseProvider.PostgreSql)
        {
            return;
        }

        var owner = new NpgsqlConnectionStringBuilder(migration.ConnectionString).Username;
        var app = new NpgsqlConnectionStringBuilder(application.ConnectionString).Username;
        if (string.IsNullOrEmpty(app) || string.Equals(owner, app, StringComparison.Ordinal))
        {
            return;
        }

        await using var connection = new NpgsqlConnection(migration.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var sql in Statements(app))
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
