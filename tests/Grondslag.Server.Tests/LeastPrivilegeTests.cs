using Grondslag.Load;
using Grondslag.Storage;
using Npgsql;

namespace Grondslag.Server.Tests;

/// <summary>
/// Issue 17: PostgreSQL least privilege with scripts/postgres-roles.sql. The application role reads and writes the
/// tables, may only append to the audit log, owns nothing, cannot change the schema, is no superuser and has a connection
/// limit; tables a later migration adds are covered by default privileges. (That the server runs on it: LoadTests on
/// PostgreSQL use these roles.)
/// </summary>
public sealed class LeastPrivilegeTests
{
    [Fact]
    public async Task ApplicationRole_AfterMigration_AppendOnlyAuditNoDdlDmlElsewhere()
    {
        var admin = Environment.GetEnvironmentVariable(Storage.Tests.TestDatabase.PostgresVariable)
            ?? throw new InvalidOperationException($"{Storage.Tests.TestDatabase.PostgresVariable} is not set (./test.sh starts PostgreSQL).");
        var roles = await PostgresRoles.CreateAsync(admin, Path.Combine(TestServerHost.Root, "scripts", "postgres-roles.sql"));
        try
        {
            var app = new StorageOptions(DatabaseProvider.PostgreSql, roles.AppConnection);
            var owner = new StorageOptions(DatabaseProvider.PostgreSql, roles.OwnerConnection);
            await GrondslagDatabase.InitializeAsync(app, owner);

            await using var connection = new NpgsqlConnection(roles.AppConnection);
            await connection.OpenAsync();
            var tables = await ListAsync(connection, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
            Assert.Contains("audit_entry", tables);
            Assert.Contains("cases", tables);
            foreach (var table in tables)
            {
                var appendOnly = PostgreSqlPrivileges.AppendOnlyTables.Contains(table);
                var history = table == "__EFMigrationsHistory";
                Assert.True(await CanAsync(connection, table, "SELECT"), $"{table}: SELECT");
                Assert.Equal(!history, await CanAsync(connection, table, "INSERT"));
                Assert.Equal(!appendOnly && !history, await CanAsync(connection, table, "UPDATE"));
                Assert.Equal(!appendOnly && !history, await CanAsync(connection, table, "DELETE"));
                Assert.False(await CanAsync(connection, table, "TRUNCATE"), $"{table}: TRUNCATE");
            }

            // What the privileges say, the server enforces.
            foreach (var sql in new[]
            {
                "UPDATE audit_entry SET actor = 'mallory'",
                "DELETE FROM audit_entry",
                "TRUNCATE audit_entry",
                "UPDATE audit_checkpoint SET size = size",
                "DROP TABLE cases",
                "ALTER TABLE audit_entry DISABLE TRIGGER ALL",
                "CREATE TABLE mine (id int)",
                "CREATE ROLE mallory",
            })
            {
                var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, sql));
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
            }

            Assert.Equal("f|f|f|40", string.Join("|", await ListAsync(connection,
                "SELECT concat_ws('|', rolsuper::text::char, rolcreaterole::text::char, rolcreatedb::text::char, rolconnlimit) FROM pg_roles WHERE rolname = current_user")));

            // A table a later migration adds (as the owner) is the application's to use without another grant.
            await using (var ownerConnection = new NpgsqlConnection(roles.OwnerConnection))
            {
                await ownerConnection.OpenAsync();
                await ExecuteAsync(ownerConnection, "CREATE TABLE later_table (id int primary key)");
            }

            await ExecuteAsync(connection, "INSERT INTO later_table VALUES (1); UPDATE later_table SET id = 2; DELETE FROM later_table");
        }
        finally
        {
            await roles.DropAsync();
        }
    }

    private static async Task<bool> CanAsync(NpgsqlConnection connection, string table, string privilege)
    {
        await using var command = new NpgsqlCommand("SELECT has_table_privilege(current_user, quote_ident(@t), @p)", connection);
        command.Parameters.AddWithValue("t", table);
        command.Parameters.AddWithValue("p", privilege);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<string>> ListAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<string>();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
