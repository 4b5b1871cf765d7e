namespace Grondslag.Delivery;

/// <summary>Who Grondslag speaks for in every package it sends (the sending CSIRT, e.g. NCSC-NL).</summary>
/// <param name="Name">The organisation's name, e.g. <c>NCSC-NL</c>.</param>
/// <param name="Email">The address shares are sent from.</param>
/// <param name="ContactInformation">How recipients reach the sender about a share.</param>
public sealed record SenderIdentity(string Name, string Email, string ContactInformation)
{
    /// <summary>The Dutch national CSIRT.</summary>
    public static SenderIdentity Ncsc { get; } = new("NCSC-NL", "grondslag@ncsc.nl", "cert@ncsc.nl");
}
