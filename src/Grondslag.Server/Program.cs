using Grondslag.Server.Composition;

var builder = WebApplication.CreateBuilder(args);
builder.AddGrondslagServer();
var app = builder.Build();
await app.InitializeGrondslagAsync().ConfigureAwait(false);
app.UseGrondslagServer();
await app.RunAsync().ConfigureAwait(false);

/// <summary>The server's entry point (public for WebApplicationFactory in tests).</summary>
public partial class Program;
