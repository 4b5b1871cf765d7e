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

    [Fact]
    public async Task InstallAsync_RegistryGivesAnotherIntegrityThanPinned_RefusesBeforeDownloading()
    {
        var directory = Directory.CreateTempSubdirectory("grondslag-pinned-").FullName;
        try
        {
            var registry = new FakeRegistry();
            using var http = new HttpClient(registry);
            var installer = new DataInstaller(http, TimeProvider.System) { Registry = new Uri("https://registry.example/") };

            var error = await Assert.ThrowsAsync<DataInstallException>(() => installer.InstallAsync(directory, [DatasetPackage.Country]));

            Assert.Contains("pins", error.Message, StringComparison.Ordinal);
            Assert.Contains(DatasetPackage.Country.Integrity, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(registry.Requested, u => u.AbsolutePath.EndsWith(".tgz", StringComparison.Ordinal));
            Assert.Empty(Directory.GetDirectories(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Pinned_EveryPackage_HasASha512Integrity()
    {
        foreach (var package in new[] { DatasetPackage.Country, DatasetPackage.Asn, DatasetPackage.CountryMmdb })
        {
            Assert.StartsWith("sha512-", package.Integrity, StringComparison.Ordinal);
            Assert.Equal(64, Convert.FromBase64String(package.Integrity["sha512-".Length..]).Length);
        }
    }

    // A registry that serves a well-formed version document whose integrity is not the pinned one.
    private sealed class FakeRegistry : HttpMessageHandler
    {
        public List<Uri> Requested { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requested.Add(request.RequestUri!);
            var other = "sha512-" + Convert.ToBase64String(new byte[64]);
            var json = "{\"name\":\"" + DatasetPackage.Country.Name + "\",\"version\":\"" + DatasetPackage.Country.Version
                + "\",\"dist\":{\"tarball\":\"https://registry.example/x.tgz\",\"integrity\":\"" + other + "\"}}";
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent(json) });
        }
    }
}
