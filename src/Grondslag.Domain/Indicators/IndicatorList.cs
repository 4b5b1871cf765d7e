using System.Collections.Immutable;

namespace Grondslag.Domain.Indicators;

/// <summary>A line that was refused, with the reason and the form that is expected instead.</summary>
public sealed record RejectedLine(long Line, string Text, LineRejection Rejection)
{
    /// <summary>The reason in English (the API's <c>reason</c>); <see cref="Rejection"/> has its code and the Dutch.</summary>
    public string Reason => Rejection.Text.En;
}

/// <summary>
/// One item of a structured indicator file (a MISP attribute, a STIX object) as the list parser sees it: an
/// <see cref="Address"/> to check (an address or CIDR block), or a <see cref="Rejection"/> saying why the item cannot
/// be mapped, or neither for an item that is context only (an identity, a marking definition …), counted as skipped.
/// </summary>
/// <param name="Number">The item's position in the file (1-based), reported as its "line".</param>
/// <param name="Text">How the item is shown in a report, e.g. <c>attribute 3 ip-src|port '192.0.2.1|443'</c>.</param>
public sealed record IntakeItem(long Number, string Text, string? Address, LineRejection? Rejection)
{
    public static IntakeItem Of(long number, string text, string address) => new(number, text, address, null);

    public static IntakeItem Rejected(long number, string text, LineRejection reason) => new(number, text, null, reason);

    public static IntakeItem Context(long number, string text) => new(number, text, null, null);
}

/// <summary>A valid address that cannot be attributed because it is not globally reachable (first line it was on).</summary>
public sealed record NotAttributableAddress(long Line, IpAddress Address, string Reason);

/// <summary>A CIDR block wider than one address: reported as a range, never expanded and never dropped.</summary>
public sealed record IndicatorRange(long Line, IpPrefix Prefix);

/// <summary>
/// The outcome of strictly parsing one indicator list. Counts are exact:
/// <c>Lines = SkippedLines + RejectedCount + RangeLines + AddressLines</c> and
/// <c>AddressLines = Accepted + NotAttributableCount + Duplicates</c>.
/// </summary>
public sealed record IndicatorList
{
    /// <summary>The input's name (a file path or "stdin"), used in every message.</summary>
    public required string Source { get; init; }

    public required long Lines { get; init; }

    /// <summary>Blank lines, comment lines and the CSV header.</summary>
    public required long SkippedLines { get; init; }

    /// <summary>Lines holding a single address (a bare address, /32 or /128), duplicates included.</summary>
    public required long AddressLines { get; init; }

    /// <summary>Address lines whose address was already seen (each address counts once).</summary>
    public required long Duplicates { get; init; }

    /// <summary>The unique, globally reachable addresses, in ascending order.</summary>
    public required ImmutableArray<IpAddress> Attributable { get; init; }

    /// <summary>Unique addresses that are not globally reachable (exact count, details capped by the options).</summary>
    public required long NotAttributableCount { get; init; }

    public required ImmutableArray<NotAttributableAddress> NotAttributable { get; init; }

    /// <summary>Lines holding a prefix wider than one address, duplicates included.</summary>
    public required long RangeLines { get; init; }

    /// <summary>The unique wider prefixes.</summary>
    public required ImmutableArray<IndicatorRange> Ranges { get; init; }

    public required long RejectedCount { get; init; }

    public required ImmutableArray<RejectedLine> Rejected { get; init; }

    /// <summary>True when more rejected or not-attributable lines existed than were kept in detail.</summary>
    public bool DetailsTruncated => RejectedCount > Rejected.Length || NotAttributableCount > NotAttributable.Length;

    /// <summary>The number of unique attributable addresses (what the plan calls "accepted").</summary>
    public int Accepted => Attributable.Length;
}

/// <summary>How to read an indicator list.</summary>
public sealed record IndicatorListOptions
{
    public static IndicatorListOptions Default { get; } = new();

    /// <summary>When set, the input is CSV with a header row and the addresses are in this column (case-insensitive).</summary>
    public string? CsvColumn { get; init; }

    /// <summary>The maximum number of rejected and of not-attributable lines kept in detail; counts stay exact.</summary>
    public int MaxReportedLines { get; init; } = int.MaxValue;

    /// <summary>Called with the number of lines read so far, every <see cref="ProgressInterval"/> lines.</summary>
    public Action<long>? Progress { get; init; }

    public int ProgressInterval { get; init; } = 100_000;

    /// <summary>Bytes read per block by the UTF-8 reader (<see cref="IndicatorListParser.ParseFile"/>); a longer line grows it.</summary>
    internal int BlockBytes { get; init; } = 4 << 20;

    /// <summary>How many chunks of a block the UTF-8 reader parses at once (on the thread pool).</summary>
    internal int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>The smallest chunk worth a worker of its own; a smaller block is parsed on the calling thread.</summary>
    internal int MinChunkBytes { get; init; } = 1 << 16;
}

/// <summary>The input holds no usable address, or cannot be read as the format asked for.</summary>
public sealed class IndicatorListException(string message) : Exception(message)
{
    /// <summary>A refusal of the file with its text in English (the message) and Dutch.</summary>
    public IndicatorListException(Grondslag.Domain.Text.LocalText text)
        : this((text ?? throw new ArgumentNullException(nameof(text))).En) => Nl = text.Nl;

    /// <summary>The message in Dutch (null only where none was given).</summary>
    public string? Nl { get; }

    /// <summary>The message in both languages (English twice where no Dutch was given).</summary>
    public Grondslag.Domain.Text.LocalText Text => new(Message, Nl ?? Message);
}
