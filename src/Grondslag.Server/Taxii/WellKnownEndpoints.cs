using Grondslag.Delivery.Stix;
using Grondslag.Server.Delivery;

namespace Grondslag.Server.Taxii;

/// <summary>
/// Public, read-only definitions a recipient's tooling fetches to understand what Grondslag sends: the STIX 2.1
/// extension-definition object of the disclosure (legal-basis) extension, identical to the one in every bundle.
/// </summary>
internal static class WellKnownEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(DisclosureExtensionDefinition.WellKnownPath, (DeliverySettings settings) =>
                Results.Text(DisclosureExtensionDefinition.Build(settings.Sender).ToJsonString(), "application/json"))
            .AllowAnonymous()
            .WithTags("well-known");
    }
}
