using System.Diagnostics;
using Npgsql;

namespace Grondslag.Load;

/// <summary>
/// Runs <c>scripts/postgres-roles.sql</c> with psql (exactly as the operations docs say) to create a migration role, an
/// application role and a database owned by the first; and drops them again.
/// </summary>
public sealed record PostgresRoles(string Owner, string OwnerPassword, string App, string AppPassword, string Database, string Admin)
{
    /// <summary>Fresh, unique names on the server of <paramref name="admin"/> (a role that may create roles and databases).</summary>
    public static async Task<PostgresRoles> CreateAsync(string admin, string script, CancellationToken cancellationToken = default)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var roles = new PostgresRoles("grondslag_owner_" + suffix, "owner-" + suffix, "grondslag_app_" + suffix, "app-" + suffix, "grondslag_lp_" + suffix, admin);
        var builder = new NpgsqlConnectionStringBuilder(admin);
        var start = new ProcessStartInfo("psql") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-q", "-v", "owner=" + roles.Owner, "-v", "owner_password=" + roles.OwnerPassword, "-v", "app=" + roles.App,
            "-v", "app_password=" + roles.AppPassword, "-v", "database=" + roles.Database, "-f", script,
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGHOST"] = builder.Host;
        start.Environment["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = builder.Username;
        start.Environment["PGPASSWORD"] = builder.Password;
        start.Environment["PGDATABASE"] = builder.Database ?? "postgres";
        using var psql = Process.Start(start) ?? throw new InvalidOperationException("psql did not start.");
        var output = psql.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = psql.StandardError.ReadToEndAsync(cancellationToken);
        await psql.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (psql.ExitCode != 0)
        {
            throw new InvalidOperationException($"psql -f {script} failed ({psql.ExitCode}): {await output.ConfigureAwait(false)}{await errors.ConfigureAwait(false)}");
        }

        return roles;
    }

    public string AppConnection => Connection(App, AppPassword);

    public string OwnerConnection => Connection(Owner, OwnerPassword);

    /// <summary>Drops the database and both roles.</summary>
    public async Task DropAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Admin);
        await connection.OpenAsync().ConfigureAwait(false);
        foreach (var sql in new[] { $"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)", $"DROP ROLE IF EXISTS \"{App}\"", $"DROP ROLE IF EXISTS \"{Owner}\"" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    private string Connection(string user, string password) =>
        new NpgsqlConnectionStringBuilder(Admin) { Username = user, Password = password, Database = Database }.ConnectionString;
}
