using System.Text;
using Grondslag.Domain.Audit;

namespace Grondslag.Audit;

/// <summary>
/// The log's Ed25519 signing key as files outside the database: <c>audit.key</c> (the secret signer
/// key string, mode 0600 in a 0700 directory) and <c>audit.pub</c> (the verifier key, to publish).
/// Generated on first use. Someone who can rewrite the database cannot sign a new checkpoint.
/// </summary>
public static class AuditKeyFiles
{
    public const string PrivateKeyFileName = "audit.key";
    public const string PublicKeyFileName = "audit.pub";

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Loads the signing key from <paramref name="keyDirectory"/>, or generates one named
    /// <paramref name="keyName"/> when there is none. A key file others can read, or one for
    /// another name, is refused: the message names the file, never the key.
    /// </summary>
    public static Ed25519NoteSigner LoadOrCreate(string keyDirectory, string keyName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyDirectory);
        var keyPath = Path.Combine(keyDirectory, PrivateKeyFileName);
        if (!File.Exists(keyPath))
        {
            return Create(keyDirectory, keyName);
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(keyPath) & GroupOrOther) != 0)
        {
            throw new AuditKeyException($"{keyPath}: the audit signing key is readable or writable by others; run 'chmod 600 {keyPath}'.");
        }

        var parsed = Ed25519NoteSigner.Parse(File.ReadAllText(keyPath, Utf8).Trim());
        if (!parsed.IsSuccess)
        {
            throw new AuditKeyException($"{keyPath}: not a signer key: {parsed.Error}");
        }

        if (!string.Equals(parsed.Value!.Name, keyName, StringComparison.Ordinal))
        {
            throw new AuditKeyException($"{keyPath}: the key is for log \"{parsed.Value.Name}\", not \"{keyName}\".");
        }

        return parsed.Value;
    }

    /// <summary>Reads a published verifier key file (the <c>.pub</c> beside the key, or a copy of it).</summary>
    public static Ed25519NoteVerifier LoadVerifier(string publicKeyPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(publicKeyPath);
        if (!File.Exists(publicKeyPath))
        {
            throw new AuditKeyException($"{publicKeyPath}: no public key there; the log has signed nothing yet (run 'grondslag audit checkpoint'), or give the published key file.");
        }

        var parsed = Ed25519NoteVerifier.Parse(File.ReadAllText(publicKeyPath, Utf8).Trim());
        return parsed.IsSuccess ? parsed.Value! : throw new AuditKeyException($"{publicKeyPath}: not a verifier key: {parsed.Error}");
    }

    private static Ed25519NoteSigner Create(string keyDirectory, string keyName)
    {
        if (!NoteKeys.IsValidName(keyName))
        {
            throw new AuditKeyException($"\"{keyName}\" cannot name a signing key (it must be non-empty, without spaces or '+').");
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(keyDirectory);
        }
        else
        {
            Directory.CreateDirectory(keyDirectory, OwnerOnlyDirectory);
        }

        var signer = Ed25519NoteSigner.Generate(keyName);
        var keyPath = Path.Combine(keyDirectory, PrivateKeyFileName);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        try
        {
            using var stream = new FileStream(keyPath, options);
            stream.Write(Utf8.GetBytes(signer.SignerKey + "\n"));
        }
        catch (IOException) when (File.Exists(keyPath))
        {
            // Another process created the key first: use that one, so the log has one key.
            return LoadOrCreate(keyDirectory, keyName);
        }

        File.WriteAllText(Path.Combine(keyDirectory, PublicKeyFileName), signer.Verifier.VerifierKey + "\n", Utf8);
        return signer;
    }
}

/// <summary>The audit key files cannot be used; the message says which file and why, never the key.</summary>
public sealed class AuditKeyException(string message) : Exception(message);
