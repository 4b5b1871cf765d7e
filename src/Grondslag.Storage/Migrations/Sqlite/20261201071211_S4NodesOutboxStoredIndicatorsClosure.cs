using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Grondslag.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class S4NodesOutboxStoredIndicatorsClosure : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Detail",
                table: "outbox",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DueAt",
                table: "outbox",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<bool>(
                name: "IsWork",
                table: "outbox",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "outbox",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "LeaseOwner",
                table: "outbox",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LeaseUntil",
                table: "outbox",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ClosedAt",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosedBy",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosureReason",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CountsJson",
                table: "case_plans",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Reenable",
                table: "account_grants",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "case_import_chunks",
                columns: table => new
                {
                    ImportId = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Seq = table.Column<int>(type: "INTEGER", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_import_chunks", x => new { x.ImportId, x.Kind, x.Seq });
                    table.ForeignKey(
                        name: "FK_case_import_chunks_case_imports_ImportId",
                        column: x => x.ImportId,
                        principalTable: "case_imports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "case_import_digests",
                columns: table => new
                {
                    ImportId = table.Column<string>(type: "TEXT", nullable: false),
                    DigestJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_import_digests", x => x.ImportId);
                    table.ForeignKey(
                        name: "FK_case_import_digests_case_imports_ImportId",
                        column: x => x.ImportId,
                        principalTable: "case_imports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "case_share_indicators",
                columns: table => new
                {
                    ShareId = table.Column<string>(type: "TEXT", nullable: false),
                    Seq = table.Column<int>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_share_indicators", x => new { x.ShareId, x.Seq });
                    table.ForeignKey(
                        name: "FK_case_share_indicators_case_shares_ShareId",
                        column: x => x.ShareId,
                        principalTable: "case_shares",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Xml = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_protection_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "notices_sent",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 600, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", nullable: false),
                    CaseId = table.Column<string>(type: "TEXT", nullable: true),
                    State = table.Column<string>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ClaimedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notices_sent", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_State_DueAt",
                table: "outbox",
                columns: new[] { "State", "DueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_import_chunks");

            migrationBuilder.DropTable(
                name: "case_import_digests");

            migrationBuilder.DropTable(
                name: "case_share_indicators");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "notices_sent");

            migrationBuilder.DropIndex(
                name: "IX_outbox_State_DueAt",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "Detail",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "DueAt",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "IsWork",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "LeaseOwner",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "LeaseUntil",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ClosedBy",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ClosureReason",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "CountsJson",
                table: "case_plans");

            migrationBuilder.DropColumn(
                name: "Reenable",
                table: "account_grants");
        }
    }
}
