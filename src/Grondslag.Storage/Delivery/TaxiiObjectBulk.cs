using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Grondslag.Storage.Delivery;

/// <summary>
/// Inserts many TAXII object rows in the caller's open transaction, in time linear in their number and within every
/// provider limit: PostgreSQL by one binary COPY, SQLite by one prepared statement executed per row (one row's nine
/// variables, far under SQLite's 32,766). The change tracker is not involved, so a 100,000-address share costs
/// seconds, not minutes.
/// </summary>
public static class TaxiiObjectBulk
{
    private static readonly string[] SqliteParameterNames = ["$c", "$o", "$v", "$d", "$m", "$t", "$j", "$k", "$s"];

    private const string Columns = "\"CollectionId\", \"ObjectId\", \"Version\", \"DateAdded\", \"MediaType\", \"ObjectType\", \"Json\", \"CaseId\", \"ShareId\"";

    public static async Task InsertAsync(GrondslagDbContext db, IReadOnlyList<TaxiiObjectRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Bulk-insert TAXII objects inside the release's transaction.");
        }

        var connection = db.Database.GetDbConnection();
        switch (connection)
        {
            case NpgsqlConnection npgsql:
                await using (var import = await npgsql.BeginBinaryImportAsync($"COPY taxii_object ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
                {
                    foreach (var row in rows)
                    {
                        await import.StartRowAsync(cancellationToken).ConfigureAwait(false);
                        await import.WriteAsync(row.CollectionId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                        await import.WriteAsync(row.ObjectId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                        await import.WriteAsync(row.Version, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                        await import.WriteAsync(row.DateAdded, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                        await import.WriteAsync(row.MediaType, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                        await import.WriteAsync(row.ObjectType, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                        await import.WriteAsync(row.Json, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                        await import.WriteAsync(row.CaseId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                        await import.WriteAsync(row.ShareId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    }

                    await import.CompleteAsync(cancellationToken).ConfigureAwait(false);
                }

                break;
            case SqliteConnection sqlite:
                await using (var command = sqlite.CreateCommand())
                {
                    command.Transaction = (SqliteTransaction)db.Database.CurrentTransaction.GetDbTransaction();
                    command.CommandText = $"INSERT INTO taxii_object ({Columns}) VALUES ($c, $o, $v, $d, $m, $t, $j, $k, $s)";
                    var parameters = SqliteParameterNames.Select(n => command.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
                    command.Prepare();
                    foreach (var row in rows)
                    {
                        parameters[0].Value = row.CollectionId;
                        parameters[1].Value = row.ObjectId;
                        parameters[2].Value = row.Version;
                        parameters[3].Value = row.DateAdded;
                        parameters[4].Value = row.MediaType;
                        parameters[5].Value = row.ObjectType;
                        parameters[6].Value = row.Json;
                        parameters[7].Value = row.CaseId;
                        parameters[8].Value = row.ShareId;
                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                break;
            default:
                db.Set<TaxiiObjectRow>().AddRange(rows);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                break;
        }
    }
}
