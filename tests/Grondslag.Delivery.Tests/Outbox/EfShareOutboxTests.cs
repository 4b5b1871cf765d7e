using Grondslag.Delivery.Outbox;
using Grondslag.Storage;
using Grondslag.Storage.Delivery;
using Grondslag.Storage.Tests;

namespace Grondslag.Delivery.Tests.Outbox;

/// <summary>The outbox over the database store, with the same tests as the file store.</summary>
public abstract class EfShareOutboxTests(DatabaseProvider provider) : ShareOutboxTests
{
    private TestDatabase? _database;

    protected override IOutboxStore NewStore() => new EfOutboxStore(_database!.Options);

    public override async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(provider);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

/// <summary>On SQLite.</summary>
public sealed class SqliteShareOutboxTests() : EfShareOutboxTests(DatabaseProvider.Sqlite);

/// <summary>On PostgreSQL.</summary>
public sealed class PostgreSqlShareOutboxTests() : EfShareOutboxTests(DatabaseProvider.PostgreSql);
