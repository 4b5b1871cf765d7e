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

    public static GrondslagDbContext Create(StorageOptions storage) => new(Options(storage));

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
        // TODO(lead): switch to per-provider migrations once the model settles.
        await context.Database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
    }
}
