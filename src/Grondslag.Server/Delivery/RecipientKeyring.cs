using Grondslag.Application.Parties;
using Grondslag.Delivery.Email;
using Grondslag.Domain.Parties;

namespace Grondslag.Server.Delivery;

/// <summary>
/// The configured keyring folder (<see cref="DeliverySettings.Keyring"/>) as <see cref="IRecipientKeyring"/>: the same
/// <c>pubring.gpg</c> the mail composer encrypts from. Without a configured folder nothing can be stored, and every
/// recipient key counts as missing.
/// </summary>
internal sealed class RecipientKeyring(DeliverySettings settings) : IRecipientKeyring
{
    public string? Unavailable => settings.KeyringDirectory is null
        ? $"No OpenPGP keyring is configured, so the keys have nowhere to go: set {DeliverySettings.Keyring} (environment Grondslag__Delivery__Keyring__Directory) to a folder, e.g. $GRONDSLAG_HOME/keyring, and restart the server."
        : null;

    public ReadKeys Read(string armoured)
    {
        var (keys, problems) = PublicKeyFiles.Read(armoured);
        return new ReadKeys([.. keys.Select(k => new ReadKey(k.Facts, k.Encoded))], problems);
    }

    public OpenPgpKeyFacts? Find(string fingerprint) =>
        settings.KeyringDirectory is { } directory ? PublicKeyFiles.Find(directory, fingerprint) : null;

    public void Store(IReadOnlyList<ReadKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count > 0)
        {
            PublicKeyFiles.Store(settings.KeyringDirectory ?? throw new InvalidOperationException(Unavailable), keys.Select(k => k.Material.ToArray()));
        }
    }
}
