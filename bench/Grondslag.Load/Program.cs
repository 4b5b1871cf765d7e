using System.Globalization;
using Grondslag.Load;
using Grondslag.Storage;

// dotnet bench/Grondslag.Load/bin/Release/net10.0/Grondslag.Load.dll --provider sqlite|postgresql [--clients 200]
//   [--seconds 60] [--cases 25000] [--server-dll PATH] [--data DIR]
// PostgreSQL runs use GRONDSLAG_TEST_POSTGRES (a role that may create databases); the address data GRONDSLAG_DATA.
var arguments = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal) && p.i + 1 < args.Length)
    .ToDictionary(p => p.a[2..], p => args[p.i + 1], StringComparer.Ordinal);
string Get(string name, string fallback) => arguments.TryGetValue(name, out var value) ? value : fallback;
var root = AppContext.BaseDirectory;
while (!File.Exists(Path.Combine(root, "Grondslag.slnx")) && Directory.GetParent(root) is { } parent)
{
    root = parent.FullName;
}

var provider = Get("provider", "sqlite").ToLowerInvariant() switch
{
    "sqlite" => DatabaseProvider.Sqlite,
    "postgresql" or "postgres" => DatabaseProvider.PostgreSql,
    var other => throw new ArgumentException($"--provider: '{other}' is not sqlite or postgresql."),
};
var options = new LoadOptions(provider,
    Get("server-dll", Path.Combine(root, "src", "Grondslag.Server", "bin", "Release", "net10.0", "Grondslag.Server.dll")),
    Get("data", Environment.GetEnvironmentVariable("GRONDSLAG_DATA") ?? Path.Combine(root, ".data")))
{
    Clients = int.Parse(Get("clients", "200"), CultureInfo.InvariantCulture),
    Duration = TimeSpan.FromSeconds(int.Parse(Get("seconds", "60"), CultureInfo.InvariantCulture)),
    Cases = int.Parse(Get("cases", "25000"), CultureInfo.InvariantCulture),
    PostgresAdmin = Environment.GetEnvironmentVariable("GRONDSLAG_TEST_POSTGRES"),
};
var report = await LoadRun.RunAsync(options, Console.Out);
return report.ServerErrors == 0 ? 0 : 1;
