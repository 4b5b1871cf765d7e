namespace Grondslag.Storage;

/// <summary>The database engines Grondslag stores its cases and audit log in.</summary>
public enum DatabaseProvider
{
    /// <summary>A SQLite file: the embedded default, created and migrated on first run.</summary>
    Sqlite,

    /// <summary>PostgreSQL: production, and the scale-out store shared by stateless server nodes.</summary>
    PostgreSql,
}

/// <summary>Which database to use. The connection string may hold a password: never log it.</summary>
public sealed record StorageOptions(DatabaseProvider Provider, string ConnectionString)
{
    public const string ProviderVariable = "GRONDSLAG_DB_PROVIDER";
    public const string ConnectionVariable = "GRONDSLAG_DB";

    /// <summary>The embedded default: a SQLite file in the given folder.</summary>
    public static StorageOptions SqliteFile(string directory) =>
        new(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(directory, "grondslag.db")};Foreign Keys=True;Pooling=True");

    /// <summary>From GRONDSLAG_DB_PROVIDER (sqlite|postgresql) and GRONDSLAG_DB, else the SQLite file in <paramref name="defaultDirectory"/>.</summary>
    public static StorageOptions FromEnvironment(string defaultDirectory)
    {
        var provider = Environment.GetEnvironmentVariable(ProviderVariable)?.Trim().ToLowerInvariant();
        var connection = Environment.GetEnvironmentVariable(ConnectionVariable);
        return provider switch
        {
            null or "" or "sqlite" => string.IsNullOrWhiteSpace(connection) ? SqliteFile(defaultDirectory) : new(DatabaseProvider.Sqlite, connection),
            "postgresql" or "postgres" => string.IsNullOrWhiteSpace(connection)
                ? throw new InvalidOperationException($"{ProviderVariable}=postgresql needs a connection string in {ConnectionVariable}.")
                : new(DatabaseProvider.PostgreSql, connection),
            _ => throw new InvalidOperationException($"{ProviderVariable}: '{provider}' is not a database provider; use sqlite or postgresql."),
        };
    }

    /// <summary>
    /// The same database opened for reading only (SQLite <c>Mode=ReadOnly</c>): for checks such as <c>audit verify</c>,
    /// which must neither create nor migrate the database they check. Null with the reason when a SQLite file does not
    /// exist (opening it would create an empty one).
    /// </summary>
    public StorageOptions? ReadOnly(out string? problem)
    {
        problem = null;
        if (Provider != DatabaseProvider.Sqlite)
        {
            return this;
        }

        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && builder.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory && !File.Exists(file))
        {
            problem = $"There is no database at {Path.GetFullPath(file)}.";
            return null;
        }

        builder.Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly;
        return this with { ConnectionString = builder.ToString() };
    }

    public override string ToString() => $"{Provider} (connection string not shown)";
}
