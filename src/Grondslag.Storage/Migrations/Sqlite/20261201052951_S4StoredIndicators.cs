using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Grondslag.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class S4StoredIndicators : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CountsJson",
                table: "case_plans",
                type: "TEXT",
                nullable: true);

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

            migrationBuilder.DropColumn(
                name: "CountsJson",
                table: "case_plans");
        }
    }
}
