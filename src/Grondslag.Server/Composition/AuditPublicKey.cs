using Grondslag.Audit;
using Grondslag.Storage.Audit;

namespace Grondslag.Server.Composition;

/// <summary>
/// The audit log's origin and public key: the verifier key in C2SP signed-note form (what an endpoint publishes) and the
/// verifier itself (what the audit page checks a proof or a held checkpoint with, as an outsider would).
/// </summary>
public sealed record AuditPublicKey(string Origin, string VerifierKey, Ed25519NoteVerifier Verifier)
{
    public static AuditPublicKey Of(AuditLogSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(settings.Origin, settings.Verifier.VerifierKey, settings.Verifier);
    }
}
