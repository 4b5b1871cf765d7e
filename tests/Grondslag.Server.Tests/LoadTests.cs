using System.Globalization;
using Grondslag.Load;
using Grondslag.Storage;
using Xunit.Abstractions;

namespace Grondslag.Server.Tests;

/// <summary>
/// Issue 17: the bounded load test (bench/Grondslag.Load) against the real server process on each database, with
/// 25,000 seeded cases and 200 concurrent clients. No answer may be a 5xx, and every request must get an answer. CI runs
/// it for 20 s per database (GRONDSLAG_LOAD_SECONDS changes that; the figures in docs/benchmarks.md are 60 s runs).
/// </summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task MixedLoad_TwoHundredClientsOnTwentyFiveThousandCases_NoServerErrors(DatabaseProvider provider)
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var serverDll = Path.Combine(TestServerHost.Root, "src", "Grondslag.Server", "bin", testBin.Parent!.Name, testBin.Name, "Grondslag.Server.dll");
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("GRONDSLAG_LOAD_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 20;
        var log = new StringWriter(CultureInfo.InvariantCulture);
        var dayAtStart = LegalToday();
        var report = await LoadRun.RunAsync(new LoadOptions(provider, serverDll, TestServerHost.DataDirectory)
        {
            Clients = 200,
            Cases = 25_000,
            Duration = TimeSpan.FromSeconds(seconds),
            PostgresAdmin = Environment.GetEnvironmentVariable(Grondslag.Storage.Tests.TestDatabase.PostgresVariable),
        }, log);
        output.WriteLine(log.ToString());

        Assert.True(report.ServerErrors == 0, "5xx answers or requests without an answer:\n" + log);
        Assert.Equal(25_000, report.SeededCases);
        // Every kind that does not depend on an earlier step's timing was made and succeeded at least once (refusals such as
        // 429 from the import slots are allowed). Decisions and releases need assessments first; on a slow machine a short
        // run may not reach them, so they are only held to "no 5xx" above.
        foreach (var kind in new[] { "api: one case", "api: case list page", "web: case page", "web: open cases", "api: create case", "api: import list", "taxii: objects", "api: sign-in" })
        {
            Assert.True(report.Kinds.TryGetValue(kind, out var stats) && stats.Statuses.Any(x => x.Key is >= 200 and < 300), $"no successful '{kind}':\n{log}");
        }

        // The generator releases only shares it assessed today and a duty officer who did not prepare them approved, so
        // every release it attempts is lawful and must succeed (session 5's runs had every release refused with 409: the
        // generator assessed for a fixed past date). A run across midnight in Amsterdam may rightly be refused: skip then.
        if (report.Kinds.TryGetValue("api: release", out var releases) && LegalToday() == dayAtStart)
        {
            Assert.True(releases.Statuses.All(x => x.Key is >= 200 and < 300), "a release of an approved share was refused:\n" + log);
        }
    }

    private static DateOnly LegalToday() => Grondslag.Domain.Time.LegalCalendar.LegalDay(DateTimeOffset.UtcNow);
}
