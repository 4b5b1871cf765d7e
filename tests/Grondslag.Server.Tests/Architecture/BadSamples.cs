// Deliberately bad (and good) host code for LayeringTests: these types sit in host namespaces of the test assembly so the
// reference rule can be shown to fail on a host that reaches past the application layer. Nothing calls them.
using Grondslag.Application.Cases;
using Grondslag.Storage;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Web.Pages.Samples
{
    /// <summary>Bad: a page that queries the DbContext directly instead of an application query.</summary>
    internal sealed class PageQueryingTheDatabase(GrondslagDbContext db)
    {
        public async Task<int> OnGetAsync(CancellationToken cancellationToken) =>
            await db.Set<Grondslag.Storage.Cases.CaseRow>().CountAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Good: a page that reads through the application's case queries.</summary>
    internal sealed class PageCallingAQuery(ICaseQueries queries)
    {
        public async Task<int> OnGetAsync(CancellationToken cancellationToken) =>
            (await queries.ListAsync(cancellationToken).ConfigureAwait(false)).Count;
    }
}

namespace Grondslag.Cli.Commands.Samples
{
    /// <summary>Bad: a command that opens the database inside its body only.</summary>
    internal static class CommandOpeningTheDatabase
    {
        public static async Task<int> RunAsync(string directory)
        {
            await using var context = GrondslagDatabase.Create(StorageOptions.SqliteFile(directory));
            return context.ChangeTracker.Entries().Count();
        }
    }
}

namespace Grondslag.Server.Composition.Samples
{
    /// <summary>Good: composition may name storage types.</summary>
    internal static class ComposesTheStore
    {
        public static ICaseStore Store(GrondslagDbContext db) => new Grondslag.Storage.Cases.EfCaseStore(db);
    }
}
