using System.Text.Json;
using Grondslag.Application.Cases;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Indicators.Intake;

namespace Grondslag.Storage.Cases;

/// <summary>The stored JSON form of an <see cref="ImportDigest"/> (addresses and prefixes as text).</summary>
internal static class ImportDigestJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write(ImportDigest d) => JsonSerializer.Serialize(new Form(
        d.Format.ToString(), d.Lines, d.SkippedLines, d.AddressLines, d.Duplicates, d.NotAttributableCount,
        [.. d.NotAttributable.Select(n => new NotAttributableForm(n.Line, n.Address.ToString(), n.Reason))],
        d.RangeLines, [.. d.Ranges.Select(r => new RangeForm(r.Line, r.Prefix.ToString()))],
        d.RejectedCount, [.. d.Rejected.Select(r => new RejectedForm(r.Line, r.Text, r.Rejection.Text.En, r.Rejection.Code, r.Rejection.Text.Nl))]), Options);

    public static ImportDigest Read(string json)
    {
        var f = JsonSerializer.Deserialize<Form>(json, Options) ?? throw new InvalidOperationException("An import digest is empty.");
        return new ImportDigest(Enum.Parse<IntakeFormat>(f.Format), f.Lines, f.SkippedLines, f.AddressLines, f.Duplicates, f.NotAttributableCount,
            [.. f.NotAttributable.Select(n => new NotAttributableAddress(n.Line, IpAddress.Parse(n.Address), n.Reason))],
            f.RangeLines, [.. f.Ranges.Select(r => new IndicatorRange(r.Line, IpPrefix.Parse(r.Prefix)))],
            f.RejectedCount, [.. f.Rejected.Select(r => new RejectedLine(r.Line, r.Text, LineRejections.Stored(r.Code, r.Reason, r.ReasonNl)))]);
    }

    private sealed record Form(string Format, long Lines, long SkippedLines, long AddressLines, long Duplicates, long NotAttributableCount,
        List<NotAttributableForm> NotAttributable, long RangeLines, List<RangeForm> Ranges, long RejectedCount, List<RejectedForm> Rejected);

    private sealed record NotAttributableForm(long Line, string Address, string Reason);

    private sealed record RangeForm(long Line, string Prefix);

    /// <summary>A rejected line: the reason in English, its code and the Dutch (both absent in digests stored before session 6).</summary>
    private sealed record RejectedForm(long Line, string Text, string Reason, string? Code = null, string? ReasonNl = null);
}
