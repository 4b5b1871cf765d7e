using Grondslag.Attribution.Data;

namespace Grondslag.Attribution.Tests.Data;

public sealed class DataInstallerTests
{
    [Fact]
    public void VerifyIntegrity_WrongHash_Refuses()
    {
        var error = Assert.Throws<DataInstallException>(() =>
            DataInstaller.VerifyIntegrity([1, 2, 3], "sha512-" + Convert.ToBase64String(new byte[64]), DatasetPackage.Country, new Uri("https://registry.example/x.tgz")));

        Assert.Contains("integrity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstallAsync_RegistryUnreachable_GivesClearError()
    {
        var directory = Directory.CreateTempSubdirectory("grondslag-offline-").FullName;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var installer = new DataInstaller(http, TimeProvider.System) { Registry = new Uri("http://127.0.0.1:9/") };

            var error = await Assert.ThrowsAsync<DataInstallException>(() => installer.InstallAsync(directory, DatasetPackage.Required));

            Assert.Contains("NPM_CONFIG_REGISTRY", error.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetDirectories(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task InstallAsync_AlreadyInstalled_DoesNothing()
    {
        _ = TestData.Tables;
        using var http = new HttpClient();
        var installer = new DataInstaller(http, TimeProvider.System) { Registry = new Uri("http://127.0.0.1:9/") };

        var outcomes = await installer.InstallAsync(TestData.DataDirectoryPath, DatasetPackage.Required);

        Assert.All(outcomes, o => Assert.True(o.AlreadyPresent));
        Assert.All(outcomes, o => Assert.Empty(o.Manifest.Verify(o.Directory)));
    }
}
