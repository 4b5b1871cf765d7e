using Npgsql;

namespace Grondslag.Storage.Tests;

/// <summary>
/// A fresh, empty database of either provider for one test: a SQLite file in a temp folder, or a new
/// PostgreSQL database on the server named by GRONDSLAG_TEST_POSTGRES (./test.sh starts one). Dropped after.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "GRONDSLAG_TEST_POSTGRES";

    private readonly string? _sqliteDirectory;
    private readonly string? _postgresName;
    private readonly string? _postgresAdmin;

    private TestDatabase(StorageOptions options, string? sqliteDirectory, string? postgresName, string? postgresAdmin)
    {
        Options = options;
        _sqliteDirectory = sqliteDirectory;
        _postgresName = postgresName;
        _postgresAdmin = postgresAdmin;
    }

    public StorageOptions Options { get; }

    /// <summary>Both providers, for [Theory] tests.</summary>
    public static TheoryData<DatabaseProvider> Providers => new() { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql };

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        TestDatabase database;
        if (provider == DatabaseProvider.Sqlite)
        {
            var directory = Path.Combine(Path.GetTempPath(), "grondslag-db-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            database = new TestDatabase(StorageOptions.SqliteFile(directory), directory, null, null);
        }
        else
        {
            var admin = Environment.GetEnvironmentVariable(PostgresVariable);
            if (string.IsNullOrWhiteSpace(admin))
            {
                throw new InvalidOperationException(
                    $"{PostgresVariable} is not set: PostgreSQL tests need a server. Run ./test.sh (it starts one via scripts/postgres.sh) or set {PostgresVariable}.");
            }

            var name = "grondslag_test_" + Guid.NewGuid().ToString("N");
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                await command.ExecuteNonQueryAsync();
            }

            var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
            database = new TestDatabase(new StorageOptions(DatabaseProvider.PostgreSql, builder.ConnectionString), null, name, admin);
        }

        await GrondslagDatabase.InitializeAsync(database.Options);
        return database;
    }

    public GrondslagDbContext Context() => GrondslagDatabase.Create(Options);

    public async ValueTask DisposeAsync()
    {
        if (_sqliteDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            // A host's last writes (WAL checkpoint, the audit checkpoint on shutdown, witness copies) can still land while
            // the folder is removed: try again briefly rather than fail a test over its clean-up.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    Directory.Delete(_sqliteDirectory, recursive: true);
                    break;
                }
                catch (IOException) when (attempt < 20)
                {
                    await Task.Delay(100);
                }
            }
        }

        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
