using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Grondslag.Server.Composition;
using Grondslag.Storage;
using Grondslag.Storage.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grondslag.Server.Tests;

/// <summary>Issue 17, items 5 and 6: the audit tail is signed within the interval and on shutdown; transient database failures are 503.</summary>
public sealed class FreshnessAndFailureTests
{
    public static TheoryData<DatabaseProvider> Providers => Storage.Tests.TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AuditTail_EntriesBelowTheCheckpointCount_SignedWithinTheIntervalAndOnShutdown_WitnessFollows(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider, settings: new Dictionary<string, string>
        {
            [ServerKeys.AuditCheckpointEvery] = "1000",
            [ServerKeys.AuditCheckpointIntervalSeconds] = "1",
        });
        var witness = Path.Combine(host.AuditHome, "witness");
        using var client = host.CreateClient();
        await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "nobody", password = "wrong-password" }).ExpectAsync(HttpStatusCode.Unauthorized);
        var size = await SizeAsync(host);
        Assert.True(size is > 0 and < 1000);

        // Within a few intervals the tail is proven: a checkpoint at the log's size, copied to the witness.
        var until = DateTime.UtcNow.AddSeconds(30);
        while (await LatestCheckpointAsync(host) < size && DateTime.UtcNow < until)
        {
            await Task.Delay(250);
        }

        Assert.Equal(size, await LatestCheckpointAsync(host));
        Assert.True(await WitnessedAsync(witness, size, TimeSpan.FromSeconds(10)), "the witness has no copy of the tail's checkpoint");

        // More entries, then the server shuts down (its background service stops) at once: the shutdown signs them.
        await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "nobody-2", password = "wrong-password" }).ExpectAsync(HttpStatusCode.Unauthorized);
        var exporter = host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<AuditWitnessExporter>().Single();
        await exporter.StopAsync(CancellationToken.None);
        var final = await SizeAsync(host);
        Assert.True(final > size);
        Assert.Equal(final, await LatestCheckpointAsync(host));
        Assert.True(await WitnessedAsync(witness, final, TimeSpan.Zero));
    }

    [Fact]
    public void IsTransient_DatabaseConditionsThatPass_AreTransient_OthersNot()
    {
        Assert.True(TransientFailureHandler.IsTransient(new InvalidOperationException("wrapped", new TimeoutException())));
        Assert.True(TransientFailureHandler.IsTransient(new InvalidOperationException("The connection pool has been exhausted, either raise 'Max Pool Size'")));
        Assert.True(TransientFailureHandler.IsTransient(new Microsoft.Data.Sqlite.SqliteException("database is locked", 5)));
        Assert.False(TransientFailureHandler.IsTransient(new Microsoft.Data.Sqlite.SqliteException("constraint", 19)));
        Assert.False(TransientFailureHandler.IsTransient(new InvalidOperationException("a bug")));
    }

    private static async Task<long> SizeAsync(TestServerHost host)
    {
        await using var db = host.Db();
        return await db.Set<AuditLogHead>().Select(h => h.Size).SingleAsync();
    }

    private static async Task<long> LatestCheckpointAsync(TestServerHost host)
    {
        await using var db = host.Db();
        return await db.Set<AuditCheckpoint>().MaxAsync(c => (long?)c.Size) ?? 0;
    }

    private static async Task<bool> WitnessedAsync(string witness, long size, TimeSpan wait)
    {
        var until = DateTime.UtcNow + wait;
        do
        {
            if (Directory.Exists(witness) && Directory.EnumerateFiles(witness).Any(f => Path.GetFileName(f).Contains(size.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)))
            {
                return true;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < until);
        return false;
    }
}
