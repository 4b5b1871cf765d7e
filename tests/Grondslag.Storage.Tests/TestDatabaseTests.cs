using Microsoft.EntityFrameworkCore;

namespace Grondslag.Storage.Tests;

public sealed class TestDatabaseTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CreateAsync_EitherProvider_GivesAReachableEmptyDatabase(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var context = database.Context();

        Assert.True(await context.Database.CanConnectAsync());
        Assert.Equal(provider == DatabaseProvider.PostgreSql ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite", context.Database.ProviderName);
    }
}

public sealed class MigrationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrations_CoverTheWholeModel_NothingPending(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var context = database.Context();

        Assert.False(context.Database.HasPendingModelChanges(), "the model changed without a migration: run dotnet dotnet-ef migrations add <Name> for both contexts (see docs/decisions.md)");
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await context.Database.GetAppliedMigrationsAsync());
    }
}
