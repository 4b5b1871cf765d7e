using Grondslag.Storage.Audit;

namespace Grondslag.Server.Composition;

/// <summary>The audit log's origin and verifier key (C2SP signed-note form), all an endpoint needs to publish them.</summary>
public sealed record AuditPublicKey(string Origin, string VerifierKey)
{
    public static AuditPublicKey Of(AuditLogSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(settings.Origin, settings.Verifier.VerifierKey);
    }
}
