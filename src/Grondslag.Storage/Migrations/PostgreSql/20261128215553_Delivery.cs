using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Grondslag.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Delivery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "outbox",
                columns: table => new
                {
                    Key = table.Column<string>(type: "text", nullable: false),
                    CaseId = table.Column<string>(type: "text", nullable: false),
                    ShareId = table.Column<string>(type: "text", nullable: false),
                    RecipientId = table.Column<string>(type: "text", nullable: false),
                    Channel = table.Column<string>(type: "text", nullable: false),
                    Destination = table.Column<string>(type: "text", nullable: false),
                    Payload = table.Column<byte[]>(type: "bytea", nullable: false),
                    EnqueuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "text", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "text", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "share_deliveries",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    CaseId = table.Column<string>(type: "text", nullable: false),
                    ShareId = table.Column<string>(type: "text", nullable: false),
                    PartyId = table.Column<string>(type: "text", nullable: false),
                    Channel = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    Detail = table.Column<string>(type: "text", nullable: false),
                    Reference = table.Column<string>(type: "text", nullable: false),
                    Objects = table.Column<int>(type: "integer", nullable: false),
                    RecordedBy = table.Column<string>(type: "text", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_share_deliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "taxii_client",
                columns: table => new
                {
                    PartyId = table.Column<string>(type: "text", nullable: false),
                    SecretHash = table.Column<string>(type: "text", nullable: false),
                    IssuedBy = table.Column<string>(type: "text", nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_taxii_client", x => x.PartyId);
                });

            migrationBuilder.CreateTable(
                name: "taxii_object",
                columns: table => new
                {
                    CollectionId = table.Column<string>(type: "text", nullable: false),
                    ObjectId = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<string>(type: "text", nullable: false),
                    DateAdded = table.Column<long>(type: "bigint", nullable: false),
                    MediaType = table.Column<string>(type: "text", nullable: false),
                    ObjectType = table.Column<string>(type: "text", nullable: false),
                    Json = table.Column<string>(type: "text", nullable: false),
                    CaseId = table.Column<string>(type: "text", nullable: false),
                    ShareId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_taxii_object", x => new { x.CollectionId, x.ObjectId, x.Version });
                });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_ShareId",
                table: "outbox",
                column: "ShareId");

            migrationBuilder.CreateIndex(
                name: "IX_share_deliveries_CaseId_ShareId",
                table: "share_deliveries",
                columns: new[] { "CaseId", "ShareId" });

            migrationBuilder.CreateIndex(
                name: "IX_share_deliveries_ShareId_Channel_Kind",
                table: "share_deliveries",
                columns: new[] { "ShareId", "Channel", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_taxii_object_CollectionId_DateAdded",
                table: "taxii_object",
                columns: new[] { "CollectionId", "DateAdded" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_taxii_object_ShareId",
                table: "taxii_object",
                column: "ShareId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "outbox");

            migrationBuilder.DropTable(
                name: "share_deliveries");

            migrationBuilder.DropTable(
                name: "taxii_client");

            migrationBuilder.DropTable(
                name: "taxii_object");
        }
    }
}
