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
            DatabaseProvider.Sqlite => builder.UseSqlite(storage.ConnectionString),
            DatabaseProvider.PostgreSql => builder.UseNpgsql(storage.ConnectionString),
        };
        return builder.Options;
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
    }
}
