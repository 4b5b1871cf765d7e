using Grondslag.Storage;

namespace Grondslag.Server.Composition;

/// <summary>The server's configuration keys (section <c>Grondslag</c>; environment variables as <c>Grondslag__Database__Provider</c>).</summary>
public static class ServerKeys
{
    public const string DatabaseProvider = "Grondslag:Database:Provider";
    public const string DatabaseConnectionString = "Grondslag:Database:ConnectionString";
    public const string DatabaseDirectory = "Grondslag:Database:Directory";
    public const string DataDirectory = "Grondslag:Data:Directory";
    public const string RulesDirectory = "Grondslag:Rules:Directory";
    public const string PartiesFile = "Grondslag:Parties:File";
    public const string UploadMaxBytes = "Grondslag:Uploads:MaxBytes";
    public const string BootstrapAdministrator = "Grondslag:Bootstrap:Administrator";
    public const string OidcSection = "Grondslag:OpenIdConnect";
    public const string TestingCommitDelayMs = "Grondslag:Testing:CommitDelayMs";

    /// <summary>Default upload limit: 64 MiB, room for a few million addresses.</summary>
    public const long DefaultUploadMaxBytes = 64L << 20;

    /// <summary>Which database: configuration first, then GRONDSLAG_DB_PROVIDER/GRONDSLAG_DB, else a SQLite file.</summary>
    public static StorageOptions Storage(IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var provider = configuration[DatabaseProvider]?.Trim().ToLowerInvariant();
        var connection = configuration[DatabaseConnectionString];
        var directory = configuration[DatabaseDirectory] is { Length: > 0 } d ? d : Path.Combine(contentRoot, ".grondslag");
        return provider switch
        {
            null or "" => string.IsNullOrWhiteSpace(connection) ? StorageOptions.FromEnvironment(directory) : new(Grondslag.Storage.DatabaseProvider.Sqlite, connection),
            "sqlite" => string.IsNullOrWhiteSpace(connection) ? StorageOptions.SqliteFile(directory) : new(Grondslag.Storage.DatabaseProvider.Sqlite, connection),
            "postgresql" or "postgres" => string.IsNullOrWhiteSpace(connection)
                ? throw new InvalidOperationException($"{DatabaseProvider}=postgresql needs {DatabaseConnectionString}.")
                : new(Grondslag.Storage.DatabaseProvider.PostgreSql, connection),
            _ => throw new InvalidOperationException($"{DatabaseProvider}: '{provider}' is not a database provider; use sqlite or postgresql."),
        };
    }
}
