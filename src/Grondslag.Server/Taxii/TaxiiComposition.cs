using Grondslag.Application.Cases;
using Grondslag.Application.Delivery;
using Grondslag.Server.Delivery;
using Microsoft.AspNetCore.Authentication;

namespace Grondslag.Server.Taxii;

/// <summary>Composes delivery: the TAXII 2.1 server, delivery on release, withdrawal, the outbox sender.</summary>
public static class TaxiiComposition
{
    public static IServiceCollection AddGrondslagTaxii(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(DeliverySettings.Load(configuration));
        services.AddSingleton<TaxiiSecrets>();
        services.AddSingleton<TaxiiConcurrency>();
        services.AddScoped<IShareDelivery, ShareDelivery>();
        services.AddScoped<IWithdraw, Withdraw>();
        services.AddHostedService<OutboxSender>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TaxiiBasicHandler>(TaxiiBasicHandler.SchemeName, null);
        return services;
    }

    public static IEndpointRouteBuilder MapTaxii(this IEndpointRouteBuilder app)
    {
        TaxiiEndpoints.Map(app);
        TaxiiClientEndpoints.Map(app);
        DeliveryEndpoints.Map(app);
        WellKnownEndpoints.Map(app);
        return app;
    }
}
