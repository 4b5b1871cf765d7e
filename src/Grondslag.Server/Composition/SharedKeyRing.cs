using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Grondslag.Storage;
using Grondslag.Storage.Cluster;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace Grondslag.Server.Composition;

/// <summary>
/// One data-protection key ring for every node (issue 16): the keys that protect sign-in cookies, bearer tokens and
/// CSRF tokens live in the database (<see cref="DataProtectionKeyRow"/>), so a person signed in on one node keeps working
/// on another. The keys are encrypted at rest with either a configured certificate
/// (<c>Grondslag:DataProtection:Certificate</c>, a PFX file, with <c>…:CertificatePassword</c>) or, by default, a
/// 256-bit key file <c>data-protection.key</c> in the audit key folder (created owner-only on first start). Every node
/// needs the same key file or certificate — the same rule as for the audit signing key beside it.
/// </summary>
internal static class SharedKeyRing
{
    public const string ApplicationName = "Grondslag";
    public const string KeyFileName = "data-protection.key";
    public const string CertificateKey = "Grondslag:DataProtection:Certificate";
    public const string CertificatePasswordKey = "Grondslag:DataProtection:CertificatePassword";

    public static void AddSharedDataProtection(this IServiceCollection services, IConfiguration configuration, string keyDirectory)
    {
        // The application name isolates key rings; the default (the content root path) would differ per node.
        var dataProtection = services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<StorageOptions>())));
        if (configuration[CertificateKey] is { Length: > 0 } certificatePath)
        {
#pragma warning disable CA2000 // The certificate lives as long as the key ring (the process).
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, configuration[CertificatePasswordKey]);
#pragma warning restore CA2000
            if (!certificate.HasPrivateKey)
            {
                throw new InvalidOperationException($"{CertificateKey}: {certificatePath} has no private key; the data-protection keys need a certificate with its private key (PFX).");
            }

            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
            return;
        }

        var key = KeyFile.LoadOrCreate(Path.Combine(keyDirectory, KeyFileName));
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(new ConfigureOptions<KeyManagementOptions>(o => o.XmlEncryptor = new KeyFileXmlEncryptor(key)));
        services.AddSingleton(new KeyFileXmlDecryptor.Key(key));
    }

    /// <summary>The key ring's elements as rows of the Grondslag database; read whole, only ever added to.</summary>
    private sealed class DatabaseXmlRepository(StorageOptions storage) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements()
        {
            using var db = GrondslagDatabase.Create(storage);
            return [.. db.Set<DataProtectionKeyRow>().OrderBy(k => k.Id).Select(k => k.Xml).ToList().Select(XElement.Parse)];
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            ArgumentNullException.ThrowIfNull(element);
            using var db = GrondslagDatabase.Create(storage);
            db.Set<DataProtectionKeyRow>().Add(new DataProtectionKeyRow { FriendlyName = friendlyName ?? "", Xml = element.ToString(SaveOptions.DisableFormatting) });
            db.SaveChanges();
        }
    }
}

/// <summary>The key-ring key file: 32 random bytes, base64, owner-only; refused when others can read it.</summary>
internal static class KeyFile
{
    public static byte[] LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var fresh = RandomNumberGenerator.GetBytes(32);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var stream = new FileStream(path, options);
                using var writer = new StreamWriter(stream);
                writer.Write(Convert.ToBase64String(fresh));
                return fresh;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it at the same moment: use theirs.
            }
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
        {
            throw new InvalidOperationException($"{path}: the data-protection key file is readable or writable by others; run 'chmod 600 {path}'.");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{path}: not a data-protection key file (expected 32 bytes in base64). Copy the file from another node, or remove it on a first node only.");
        }

        return key.Length == 32 ? key : throw new InvalidOperationException($"{path}: the data-protection key must be 32 bytes (base64); it has {key.Length}.");
    }
}

/// <summary>Encrypts a key-ring key with AES-256-GCM under the key file (a fresh nonce each time).</summary>
internal sealed class KeyFileXmlEncryptor(byte[] key) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plain = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var cipher = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(key, tag.Length))
        {
            aes.Encrypt(nonce, plain, cipher, tag);
        }

        CryptographicOperations.ZeroMemory(plain);
        var element = new XElement("encryptedKey",
            new XComment(" Encrypted with AES-256-GCM under the Grondslag data-protection key file. "),
            new XElement("nonce", Convert.ToBase64String(nonce)),
            new XElement("tag", Convert.ToBase64String(tag)),
            new XElement("value", Convert.ToBase64String(cipher)));
        return new EncryptedXmlInfo(element, typeof(KeyFileXmlDecryptor));
    }
}

/// <summary>Decrypts what <see cref="KeyFileXmlEncryptor"/> wrote; fails when the key file is another one than the ring was written with.</summary>
internal sealed class KeyFileXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    internal sealed record Key(byte[] Bytes);

    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var key = services.GetRequiredService<Key>().Bytes;
        var nonce = Convert.FromBase64String((string)encryptedElement.Element("nonce")!);
        var tag = Convert.FromBase64String((string)encryptedElement.Element("tag")!);
        var cipher = Convert.FromBase64String((string)encryptedElement.Element("value")!);
        var plain = new byte[cipher.Length];
        try
        {
            using var aes = new AesGcm(key, tag.Length);
            aes.Decrypt(nonce, cipher, tag, plain);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CryptographicException($"A data-protection key in the database was encrypted with another key file than this node's {SharedKeyRing.KeyFileName}: give every node the same file.", e);
        }

        return XElement.Parse(System.Text.Encoding.UTF8.GetString(plain));
    }
}
