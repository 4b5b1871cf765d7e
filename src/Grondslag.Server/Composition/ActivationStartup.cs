using Grondslag.Application.Activation;

namespace Grondslag.Server.Composition;

/// <summary>Start-up: brings the activated rule set and registry into force and says clearly when the files on disk differ.</summary>
internal static partial class ActivationStartup
{
    public static async Task PinAsync(IServiceProvider services, ILogger logger)
    {
        var outcome = await services.GetRequiredService<IPinActivation>().ExecuteAsync(null).ConfigureAwait(false);
        if (outcome.Refusal is { } refusal)
        {
            // Fail closed: the server does not run on reference data it cannot verify.
            throw new InvalidOperationException("Grondslag does not start: " + refusal.Reason);
        }

        foreach (var pinned in outcome.Value!)
        {
            if (pinned.FirstActivation)
            {
                LogFirst(logger, pinned.Kind.Noun(), pinned.Sha256);
            }
            else if (pinned.DiskProblem is { } problem)
            {
                LogDiskUnreadable(logger, pinned.Kind.Noun(), pinned.Sha256, problem);
            }
            else if (pinned.DiskDiffers)
            {
                LogDiskDiffers(logger, pinned.Kind.Noun(), pinned.DiskSha256 ?? "", pinned.Sha256);
            }
            else
            {
                LogInForce(logger, pinned.Kind.Noun(), pinned.Sha256);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nothing was activated yet: the {Kind} on disk ({Sha256}) is activated as the first version, by system, audited.")]
    private static partial void LogFirst(ILogger logger, string kind, string sha256);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Kind} on disk ({DiskSha256}) differs from the activated version {Sha256}: the activated version stays in force. Propose the files on disk for activation and have a second administrator approve them to bring them into force.")]
    private static partial void LogDiskDiffers(ILogger logger, string kind, string diskSha256, string sha256);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Kind} on disk does not load ({Problem}); the activated version {Sha256} stays in force.")]
    private static partial void LogDiskUnreadable(ILogger logger, string kind, string sha256, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "The activated {Kind} {Sha256} is in force; the files on disk are the same version.")]
    private static partial void LogInForce(ILogger logger, string kind, string sha256);
}
