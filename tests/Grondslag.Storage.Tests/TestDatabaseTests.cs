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
