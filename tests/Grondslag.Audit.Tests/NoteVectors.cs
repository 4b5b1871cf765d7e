namespace Grondslag.Audit.Tests;

/// <summary>
/// The signed-note and checkpoint vectors of ../shared/reference/transparency-log-vectors.md,
/// copied verbatim; <see cref="NoteVectorsTests"/> proves each copy still appears in that file.
/// </summary>
internal static class NoteVectors
{
    public const string ExampleVerifierKey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";

    public const string ExampleNote =
        "This is an example message.\n" +
        "\n" +
        "— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    public const string PeterSignerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

    public const string PeterVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

    public const string PeterText =
        "If you think cryptography is the answer to your problem,\n" +
        "then you don't know what your problem is.\n";

    public const string PeterNote =
        PeterText +
        "\n" +
        "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    public const string SumDbVerifierKey = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";

    public const string SumDbCheckpoint =
        "go.sum database tree\n" +
        "6476701\n" +
        "mb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n" +
        "\n" +
        "— sum.golang.org Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1xbFIGu95949rj4nPRYfvimWEPWL+o3GeoWwOoAw=\n";

    public const string LogSignerKey = "PRIVATE+KEY+Log+2271c621+AdEIq9FLRQni54Wg68T96VJO+iayOaulswav2DUMKgvQ";

    public const string LogVerifierKey = "Log+2271c621+AemuH5ooBpEPcr+W8onrjA1NfuzBVHdezakU81Ekarvs";

    public const string LogCheckpoint =
        "Log\n" +
        "8\n" +
        "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n" +
        "\n" +
        "— Log InHGISOpEz61FsCXu0BXpYJ8Cas8hE2zlWa/mDDeu9BBTZhaSC6TbTTFpa0XTqiFILMQ4wHwaJiyxacsRkxir1P5wg4=\n";

    /// <summary>The leaf inputs of the eight-leaf tree whose checkpoint <see cref="LogCheckpoint"/> is.</summary>
    public static readonly IReadOnlyList<byte[]> EightLeafEntries =
        new[] { "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f" }
            .Select(Convert.FromHexString).ToList();

    public static readonly IReadOnlyList<string> All =
    [
        ExampleVerifierKey, ExampleNote, PeterSignerKey, PeterVerifierKey, PeterNote,
        SumDbVerifierKey, SumDbCheckpoint, LogSignerKey, LogVerifierKey, LogCheckpoint,
    ];
}
