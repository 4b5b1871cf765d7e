using Microsoft.EntityFrameworkCore;

namespace Grondslag.Storage;

/// <summary>
/// The one database context: cases, shares, decisions and the audit log live in one database so that an
/// action and its audit entry commit in the same transaction. Each area configures its own entities
/// (IEntityTypeConfiguration classes in its folder), picked up here.
/// </summary>
public class GrondslagDbContext(DbContextOptions options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(GrondslagDbContext).Assembly);
    }
}

/// <summary>The context as migrated for SQLite (its migrations live in Migrations/Sqlite).</summary>
public sealed class SqliteGrondslagDbContext(DbContextOptions options) : GrondslagDbContext(options);

/// <summary>The context as migrated for PostgreSQL (its migrations live in Migrations/PostgreSql).</summary>
public sealed class PostgreSqlGrondslagDbContext(DbContextOptions options) : GrondslagDbContext(options);

/// <summary>Lets `dotnet ef` create the SQLite context at design time.</summary>
internal sealed class SqliteDesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<SqliteGrondslagDbContext>
{
    public SqliteGrondslagDbContext CreateDbContext(string[] args) =>
        new(GrondslagDatabase.Options(new StorageOptions(DatabaseProvider.Sqlite, "Data Source=design-time.db")));
}

/// <summary>Lets `dotnet ef` create the PostgreSQL context at design time (no connection is opened).</summary>
internal sealed class PostgreSqlDesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<PostgreSqlGrondslagDbContext>
{
    public PostgreSqlGrondslagDbContext CreateDbContext(string[] args) =>
        new(GrondslagDatabase.Options(new StorageOptions(DatabaseProvider.PostgreSql, "Host=localhost;Database=grondslag_design")));
}

/// <summary>Creates contexts for the configured provider.</summary>
public static class GrondslagDatabase
{
    public static DbContextOptions<GrondslagDbContext> Options(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var builder = new DbContextOptionsBuilder<GrondslagDbContext>();
        _ = storage.Provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(storage.ConnectionString).AddInterceptors(SqliteConcurrency.Instance)
                .ReplaceService<Microsoft.EntityFrameworkCore.Update.IModificationCommandBatchFactory, SqliteBatching>(),
            DatabaseProvider.PostgreSql => builder.UseNpgsql(BoundedPool(storage.ConnectionString)),
        };
        return builder.Options;
    }

    /// <summary>Connections per server process when the connection string does not say: well under PostgreSQL's default 100.</summary>
    public const int DefaultMaxPoolSize = 30;

    /// <summary>
    /// The connection string with a bounded pool: Npgsql's default (100) equals PostgreSQL's default max_connections, so a
    /// burst of requests could leave no connection for anyone else, not even an administrator. An explicit
    /// "Maximum Pool Size" is kept; waiting for a pooled connection is bounded by "Timeout" (default 15 s).
    /// </summary>
    public static string BoundedPool(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var explicitPool = connectionString.Contains("Pool Size", StringComparison.OrdinalIgnoreCase) && connectionString.Contains("Max", StringComparison.OrdinalIgnoreCase)
            || connectionString.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase);
        if (!explicitPool)
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        return builder.ConnectionString;
    }

    /// <summary>A context of the provider's migrated type (so migrations match), typed as the shared base.</summary>
    public static GrondslagDbContext Create(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteGrondslagDbContext(Options(storage)),
            DatabaseProvider.PostgreSql => new PostgreSqlGrondslagDbContext(Options(storage)),
        };
    }

    /// <summary>
    /// Brings the schema up to date through <paramref name="migration"/> (the schema owner) when given, and then gives
    /// the application's role its privileges (<see cref="PostgreSqlPrivileges"/>); without it the application's own
    /// connection migrates (the embedded default and development).
    /// </summary>
    public static async Task InitializeAsync(StorageOptions storage, StorageOptions? migration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (migration is null)
        {
            await InitializeAsync(storage, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (migration.Provider != storage.Provider)
        {
            throw new InvalidOperationException("The migration connection must be to the same kind of database as the application's connection.");
        }

        await InitializeAsync(migration, cancellationToken).ConfigureAwait(false);
        await PostgreSqlPrivileges.GrantAsync(migration, storage, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the database and brings its schema up to date (first run included).</summary>
    public static async Task InitializeAsync(StorageOptions storage, CancellationToken cancellationToken = default)
    {
        if (storage.Provider == DatabaseProvider.Sqlite)
        {
            var source = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(storage.ConnectionString).DataSource;
            if (Path.GetDirectoryName(Path.GetFullPath(source)) is { } folder)
            {
                Directory.CreateDirectory(folder);
            }
        }

        await using var context = Create(storage);
        await context.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        if (storage.Provider == DatabaseProvider.Sqlite)
        {
            // Persistent in the file: readers read a snapshot while one writer appends (see SqliteConcurrency).
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// Every SQLite connection Grondslag opens: write-ahead logging (readers do not block the writer nor wait for it), a
/// busy timeout (a writer waits up to 10 s for the lock instead of failing with "database is locked"), and
/// synchronous=NORMAL (durable at each checkpoint of the WAL, safe against corruption).
/// </summary>
internal sealed class SqliteConcurrency : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqliteConcurrency Instance = new();

    public const int BusyTimeoutMilliseconds = 30_000;

    private static readonly string Pragmas = $"PRAGMA busy_timeout={BusyTimeoutMilliseconds}; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// SaveChanges on SQLite in as few commands as PostgreSQL: EF's SQLite provider sends each insert and update as a
/// command of its own; this sends them together (one command of several statements, which Microsoft.Data.Sqlite runs
/// in order, reading each statement's RETURNING row for the concurrency checks as EF does on other providers). So an
/// action's writes are one command on either provider (issue 18: a release is at most 10 round trips on both).
/// </summary>
internal sealed class SqliteBatching(Microsoft.EntityFrameworkCore.Update.ModificationCommandBatchFactoryDependencies dependencies)
    : Microsoft.EntityFrameworkCore.Update.IModificationCommandBatchFactory
{
    /// <summary>Statements per command; well under SQLite's limit of host parameters (32,766) for any of our rows.</summary>
    public const int MaxBatchSize = 100;

    public Microsoft.EntityFrameworkCore.Update.ModificationCommandBatch Create() => new Batch(dependencies);

    private sealed class Batch(Microsoft.EntityFrameworkCore.Update.ModificationCommandBatchFactoryDependencies dependencies)
        : Microsoft.EntityFrameworkCore.Update.AffectedCountModificationCommandBatch(dependencies, SqliteBatching.MaxBatchSize);
}
