using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Grondslag.Domain.Audit;

namespace Grondslag.Storage.Audit;

/// <summary>
/// The bytes hashed as an entry's leaf: the RFC 8785 canonical JSON object
/// {action, actor, case, index, payload, role, subject, time} of ALL stored columns, so a change
/// to any column changes the leaf. The payload column is spliced in as stored (it was canonical
/// when appended), so even a change that keeps the JSON's meaning changes the bytes.
/// </summary>
public static class AuditEntryEncoding
{
    /// <summary>The time format in the leaf: UTC, whole microseconds.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The leaf bytes of <paramref name="entry"/>.</summary>
    public static byte[] Encode(AuditEntry entry) => StrictUtf8.GetBytes(EncodeToString(entry));

    /// <summary>The leaf text of <paramref name="entry"/>.</summary>
    public static string EncodeToString(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = new StringBuilder(256 + entry.Payload.Length);
        text.Append("{\"action\":").Append(Text(entry.Action))
            .Append(",\"actor\":").Append(Text(entry.Actor))
            .Append(",\"case\":").Append(Text(entry.CaseId))
            .Append(",\"index\":").Append(CanonicalJson.FormatNumber(entry.Index))
            .Append(",\"payload\":").Append(entry.Payload)
            .Append(",\"role\":").Append(Text(entry.Role))
            .Append(",\"subject\":").Append(Text(entry.Subject))
            .Append(",\"time\":").Append(Text(entry.At.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)))
            .Append('}');
        return text.ToString();
    }

    /// <summary>The time as the log stores it: UTC, truncated to whole microseconds.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    private static string Text(string? value) => value is null ? "null" : CanonicalJson.SerializeToString(JsonValue.Create(value));
}
