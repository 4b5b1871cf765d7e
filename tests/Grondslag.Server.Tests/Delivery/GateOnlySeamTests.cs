using Grondslag.Application.Delivery;
using Grondslag.Delivery.Outbox;
using Grondslag.Delivery.Taxii;
using Grondslag.Server.Delivery;
using Grondslag.Storage;
using Grondslag.Storage.Delivery;
using Grondslag.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Grondslag.Server.Tests.Delivery;

/// <summary>Invariant 1 at the server's seams: the TAXII store, the e-mail outbox and the recipient API are fed only by the gate.</summary>
public sealed class GateOnlySeamTests
{
    [Fact]
    public void ServerChannels_TakeOnlyAReleasedShareOrAWithdrawal()
    {
        // Every type of the server's delivery and TAXII parts (internal ones too: their public methods are the seam),
        // and the delivery port of the application layer with its implementations.
        var server = typeof(ShareDelivery).Assembly.GetTypes()
            .Where(t => t.Namespace is "Grondslag.Server.Delivery" or "Grondslag.Server.Taxii" && !t.Name.StartsWith('<') && !t.IsNestedPrivate)
            .ToList();
        // The stores the channel steps write through since issue 18 (the TAXII publication and the outbox rows, in storage).
        var application = typeof(IShareDelivery).Assembly.GetTypes().Where(t => typeof(IShareDelivery).IsAssignableFrom(t)).ToList();
        Type[] stores = [typeof(EfTaxiiPublisher), typeof(EfOutboxWork)];
        var surface = server.Concat(application).Concat(stores).ToList();
        var sinks = GateOnlySeams.Sinks(surface, [typeof(IShareDelivery), typeof(ITaxiiPublisher), typeof(IOutboxWork)], typeof(ShareDelivery));

        var offenders = GateOnlySeams.Offenders(surface, sinks);

        Assert.True(offenders.Count == 0, "A channel can be fed around the disclosure gate:\n" + string.Join("\n", offenders));
        Assert.Contains(sinks, t => t == typeof(EfTaxiiPublisher));
    }

    [Fact]
    public async Task RecipientFacingRoutes_OnlyRead()
    {
        // The recipient API and the TAXII server only read: no recipient-facing route adds, changes or deletes anything,
        // so what a recipient sees was put there by a release (through the gate) and nothing else.
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        var writes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/taxii2", StringComparison.Ordinal) || raw.StartsWith("/api/recipient", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Where(r => !r.StartsWith("GET ", StringComparison.Ordinal) && !r.StartsWith("HEAD ", StringComparison.Ordinal))
            .ToList();
        var routes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText ?? "").ToList();

        Assert.Contains(routes, r => r.StartsWith("/taxii2", StringComparison.Ordinal));
        Assert.Contains(routes, r => r.StartsWith("/api/recipient", StringComparison.Ordinal));
        Assert.True(writes.Count == 0, "Recipient-facing routes that write: " + string.Join(", ", writes));
    }
}
