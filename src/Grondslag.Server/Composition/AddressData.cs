using Grondslag.Attribution.Data;
using Grondslag.Attribution.Tables;

namespace Grondslag.Server.Composition;

/// <summary>
/// The server's address tables, from the same data directory the CLI uses (<see cref="ServerKeys.Data"/>). The pinned
/// datasets are installed on first use exactly as the CLI installs them (npm registry, integrity pinned in source);
/// start-up tries it once, a request tries again if start-up could not (offline), and a failure is never cached, so
/// installing the data (<c>grondslag data install</c>) fixes a running server without a restart.
/// </summary>
internal sealed class AddressData(IConfiguration configuration, ILogger<AddressData> logger)
{
    private readonly Lock _gate = new();
    private AddressTables? _tables;

    public string Directory { get; } = ServerKeys.Data(configuration);

    public AddressTables Tables
    {
        get
        {
            lock (_gate)
            {
                if (_tables is { } loaded)
                {
                    return loaded;
                }

                InstallIfMissingAsync(CancellationToken.None).GetAwaiter().GetResult();
                return _tables = AddressTables.Load(Directory);
            }
        }
    }

    /// <summary>Installs the pinned datasets when missing; a failure becomes an <see cref="AddressDataException"/> that names the fix.</summary>
    public async Task InstallIfMissingAsync(CancellationToken cancellationToken)
    {
        var missing = DatasetPackage.Required.Where(p => DataInstaller.FindInstalled(Directory, p, out _) is null).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        logger.LogInformation("Installing the pinned address data into {Directory} (first use)", Directory);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
            await new DataInstaller(http, TimeProvider.System).InstallAsync(Directory, missing, m => logger.LogInformation("{Message}", m), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DataInstallException or IOException or UnauthorizedAccessException)
        {
            throw new AddressDataException(
                $"The address data ({string.Join(", ", missing.Select(m => $"{m.Name}@{m.Version}"))}) is not installed in {Directory} and could not be installed: {e.Message} " +
                $"Fix: run 'grondslag data install' with the same {GrondslagHome.EnvironmentVariable} or {DataDirectory.EnvironmentVariable} as the server, " +
                "or set Grondslag__Data__Directory to an installed data directory.", e);
        }
    }

    /// <summary>At start-up: install what is missing, and say so in the log if that is not possible (the server still starts).</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        try
        {
            await InstallIfMissingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AddressDataException e)
        {
            logger.LogError("{Problem}", e.Message);
        }
    }
}
