using Grondslag.Storage;

namespace Grondslag.Server.Composition;

/// <summary>The server's configuration keys (section <c>Grondslag</c>; environment variables as <c>Grondslag__Database__Provider</c>).</summary>
public static class ServerKeys
{
    public const string DatabaseProvider = "Grondslag:Database:Provider";
    public const string DatabaseConnectionString = "Grondslag:Database:ConnectionString";
    public const string DatabaseDirectory = "Grondslag:Database:Directory";

    /// <summary>
    /// Optional: a connection as the schema's owner, used only to migrate (PostgreSQL least privilege: the application's
    /// connection is then a role with DML only). Environment: <c>Grondslag__Database__MigrationConnectionString</c> or
    /// <c>GRONDSLAG_DB_MIGRATION</c>. Absent: the application's connection migrates.
    /// </summary>
    public const string DatabaseMigrationConnectionString = "Grondslag:Database:MigrationConnectionString";

    public const string MigrationConnectionVariable = "GRONDSLAG_DB_MIGRATION";
    public const string DataDirectory = "Grondslag:Data:Directory";
    public const string RulesDirectory = "Grondslag:Rules:Directory";
    public const string PartiesFile = "Grondslag:Parties:File";
    public const string UploadMaxBytes = "Grondslag:Uploads:MaxBytes";

    /// <summary>Seconds between checks for unproven audit entries (a checkpoint is signed when there are): 1–60, default 30.</summary>
    public const string AuditCheckpointIntervalSeconds = "Grondslag:Audit:CheckpointIntervalSeconds";
    public const string BootstrapAdministrator = "Grondslag:Bootstrap:Administrator";
    public const string OidcSection = "Grondslag:OpenIdConnect";
    public const string TestingCommitDelayMs = "Grondslag:Testing:CommitDelayMs";
    public const string AuditOrigin = "Grondslag:Audit:Origin";
    public const string AuditKeyDirectory = "Grondslag:Audit:KeyDirectory";
    public const string AuditWitnessDirectory = "Grondslag:Audit:WitnessDirectory";
    public const string AuditCheckpointEvery = "Grondslag:Audit:CheckpointEvery";

    /// <summary>
    /// Default upload limit: 2 GiB. Room for 20 million lines of IPv6 (at most 40 bytes a line) or about 50 million of
    /// IPv4; a Shadowserver CSV row is longer (often 150–300 bytes), so a CSV report holds 7–14 million rows. The body
    /// is streamed to a temporary file and parsed from there, so memory grows with the unique addresses, not the file.
    /// </summary>
    public const long DefaultUploadMaxBytes = 2L << 30;

    /// <summary>
    /// The folder for the embedded database, audit keys, witness copies and the server's OpenPGP key: configuration
    /// (<c>Grondslag:Database:Directory</c>), else the home the CLI uses too (<see cref="Grondslag.Attribution.Data.GrondslagHome"/>:
    /// <c>$GRONDSLAG_HOME</c>, else <c>~/.local/share/grondslag</c>). Never the content root: the server started
    /// from another folder finds the same database and key.
    /// </summary>
    public static string Home(IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _ = contentRoot;
        return Grondslag.Attribution.Data.GrondslagHome.Resolve(configuration[DatabaseDirectory]);
    }

    /// <summary>The address data: configuration (<c>Grondslag:Data:Directory</c>), else <c>$GRONDSLAG_DATA</c>, else the home.</summary>
    public static string Data(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[DataDirectory] is { Length: > 0 } d
            ? Path.GetFullPath(d)
            : Environment.GetEnvironmentVariable(Grondslag.Attribution.Data.DataDirectory.EnvironmentVariable) is { Length: > 0 }
                ? Grondslag.Attribution.Data.DataDirectory.Resolve()
                : Grondslag.Attribution.Data.DataDirectory.Resolve(Home(configuration, ""));
    }

    /// <summary>
    /// The audit log's origin, key folder (outside the database), witness folder and checkpoint interval:
    /// configuration first, then the GRONDSLAG_AUDIT_* variables, else folders under <see cref="Home"/>.
    /// </summary>
    public static Grondslag.Storage.Audit.AuditOptions Audit(IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var fallback = Grondslag.Storage.Audit.AuditOptions.FromEnvironment(Home(configuration, contentRoot));
        var witness = configuration[AuditWitnessDirectory];
        return new Grondslag.Storage.Audit.AuditOptions(
            configuration[AuditOrigin] is { Length: > 0 } origin ? origin : fallback.Origin,
            configuration[AuditKeyDirectory] is { Length: > 0 } keys ? Path.GetFullPath(keys) : fallback.KeyDirectory,
            witness switch
            {
                "none" => null,
                { Length: > 0 } w => Path.GetFullPath(w),
                _ => fallback.WitnessDirectory,
            },
            configuration.GetValue<int?>(AuditCheckpointEvery) ?? fallback.CheckpointEvery);
    }

    /// <summary>The migration connection (<see cref="DatabaseMigrationConnectionString"/>) to the same database kind, or null.</summary>
    public static StorageOptions? MigrationStorage(IConfiguration configuration, StorageOptions application)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(application);
        var connection = configuration[DatabaseMigrationConnectionString] is { Length: > 0 } c ? c : Environment.GetEnvironmentVariable(MigrationConnectionVariable);
        return string.IsNullOrWhiteSpace(connection) ? null : new StorageOptions(application.Provider, connection);
    }

    /// <summary>Which database: configuration first, then GRONDSLAG_DB_PROVIDER/GRONDSLAG_DB, else a SQLite file.</summary>
    public static StorageOptions Storage(IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var provider = configuration[DatabaseProvider]?.Trim().ToLowerInvariant();
        var connection = configuration[DatabaseConnectionString];
        var directory = Home(configuration, contentRoot);
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
