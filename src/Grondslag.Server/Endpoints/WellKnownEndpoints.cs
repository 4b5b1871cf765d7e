using Grondslag.Delivery.Email;
using Grondslag.Delivery.Stix;
using Grondslag.Server.Composition;
using Grondslag.Server.Delivery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grondslag.Server.Endpoints;

/// <summary>
/// What a recipient or an outside verifier fetches without an account: the server's OpenPGP public key (to check the
/// signature on a share's mail), the audit log's verifier key (to check signed checkpoints and proofs), and the STIX 2.1
/// extension-definition object of the disclosure (legal-basis) extension, identical to the one in every bundle.
/// </summary>
internal static class WellKnownEndpoints
{
    public const string OpenPgpKeyPath = "/.well-known/grondslag/openpgp.asc";
    public const string AuditVerifierKeyPath = "/.well-known/grondslag/audit-verifier-key";

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/.well-known/grondslag").WithTags("well-known").AllowAnonymous();
        group.MapGet("/openpgp.asc", OpenPgpKey);
        group.MapGet("/audit-verifier-key", AuditVerifierKey);
        app.MapGet(DisclosureExtensionDefinition.WellKnownPath, ExtensionDefinition).AllowAnonymous().WithTags("well-known");
    }

    private static ContentHttpResult ExtensionDefinition(DeliverySettings settings) =>
        TypedResults.Text(DisclosureExtensionDefinition.Build(settings.Sender).ToJsonString(), "application/json");

    /// <summary>The audit log's verifier key (C2SP signed-note form: name+keyid+base64), as <c>keys/audit.pub</c> holds it.</summary>
    private static ContentHttpResult AuditVerifierKey(AuditPublicKey key) =>
        TypedResults.Text(key.VerifierKey + "\n", "text/plain; charset=utf-8");

    private static Results<ContentHttpResult, ProblemHttpResult> OpenPgpKey(IConfiguration configuration)
    {
        var settings = DeliverySettings.Load(configuration);
        if (!settings.CanCompose)
        {
            return Problems.NotFound(
                $"This server has no OpenPGP signing key configured. The operator sets {DeliverySettings.Keyring} (a folder with pubring.gpg and secring.gpg) " +
                $"and {DeliverySettings.SigningKey} (the key's fingerprint); see the README, section 'E-mail: SMTP and the OpenPGP keyring'.");
        }

        using var keyring = new OpenPgpKeyring(settings.KeyringDirectory!, settings.KeyringPassphrase);
        return keyring.ArmoredPublicKey(settings.SigningKeyFingerprint) is { } armored
            ? TypedResults.Text(armored, "application/pgp-keys")
            : Problems.NotFound($"The configured signing key {settings.SigningKeyFingerprint} is not in the keyring {settings.KeyringDirectory}: import it (gpg --homedir DIR --import) or correct {DeliverySettings.SigningKey}.");
    }
}
