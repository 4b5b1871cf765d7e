using Grondslag.Domain.Disclosure;

namespace Grondslag.Application.Delivery;

/// <summary>The channel formats a staff member may download of a released share.</summary>
public enum ReleasedFileFormat
{
    /// <summary>The STIX 2.1 bundle (what the recipient's TAXII collection holds).</summary>
    Stix,

    /// <summary>The MISP event (what the e-mail carries as attachment).</summary>
    Misp,
}

/// <summary>
/// The channels' own presentation of a released share, for the staff download: written only from a
/// <see cref="ReleasedShare"/> (which only the disclosure gate makes), with the same writers and sender as the channels.
/// </summary>
public interface IReleasedShareFiles
{
    /// <summary>The file of the gate-made share in the format asked (indented JSON).</summary>
    string Write(ReleasedShare share, ReleasedFileFormat format);

    /// <summary>The STIX bundle recorded for the share's TAXII channel when it was released; null when none was recorded.</summary>
    Task<string?> RecordedStixAsync(string shareId, CancellationToken cancellationToken);
}
