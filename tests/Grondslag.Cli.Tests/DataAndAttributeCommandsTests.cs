namespace Grondslag.Cli.Tests;

/// <summary>
/// <c>grondslag data</c> and <c>grondslag attribute</c> on the real executable: the pinned datasets install (or are
/// found) and verify; an empty directory is reported as not installed; attribution writes one CSV row per accepted
/// address and summarises rejected lines on standard error.
/// </summary>
public sealed class DataAndAttributeCommandsTests
{
    private static string DataDirectory => Testing.RepositoryRoot.TestDataDirectory;

    private static void Installed()
    {
        var install = CliRunner.Run("data", "install", "--data-dir", DataDirectory);
        Assert.True(install.ExitCode == 0, install.Error);
        Assert.Contains("tables ready", install.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void DataStatus_Installed_EveryRequiredPackageVerified()
    {
        Installed();

        var status = CliRunner.Run("data", "status", "--data-dir", DataDirectory);

        Assert.True(status.ExitCode == 0, status.Out + status.Error);
        Assert.Contains($"data directory: {DataDirectory}", status.Out, StringComparison.Ordinal);
        foreach (var package in Grondslag.Attribution.Data.DatasetPackage.Required)
        {
            Assert.Contains($"{package.Name}@{package.Version}: installed, verified", status.Out, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("DAMAGED", status.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void DataStatus_EmptyDirectory_ExitsOneAndSaysHowToInstall()
    {
        var empty = Directory.CreateTempSubdirectory("grondslag-cli-data-").FullName;
        try
        {
            var status = CliRunner.Run("data", "status", "--data-dir", empty);

            Assert.Equal(1, status.ExitCode);
            Assert.Contains("not installed (required; run 'grondslag data install')", status.Out, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void Attribute_ListWithOneBadLine_OneRowPerAddressAndTheRejectionOnStandardError()
    {
        Installed();
        var list = Path.GetTempFileName();
        try
        {
            File.WriteAllText(list, "8.8.8.8\n2001:4860:4860::8888\nnot-an-address\n8.8.8.8\n");

            var result = CliRunner.Run("attribute", "--indicators", list, "--data-dir", DataDirectory);

            Assert.True(result.ExitCode == 0, result.Error);
            var rows = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("indicator,country,asn,as_org", rows[0]);
            Assert.Equal(3, rows.Length);
            Assert.StartsWith("8.8.8.8,US,15169,", rows[1], StringComparison.Ordinal);
            Assert.StartsWith("2001:4860:4860::8888,US,15169,", rows[2], StringComparison.Ordinal);
            Assert.Contains("not-an-address", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(list);
        }
    }

    [Fact]
    public void Attribute_MissingFile_ExitsOneNamingTheFile()
    {
        var result = CliRunner.Run("attribute", "--indicators", "/nonexistent/list.txt", "--data-dir", DataDirectory);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot read '/nonexistent/list.txt'", result.Error, StringComparison.Ordinal);
    }
}
