using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Grondslag.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class CaseListKeysetIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_cases_CreatedAt_Id",
                table: "cases",
                columns: new[] { "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_Deadline_CreatedAt_Id",
                table: "cases",
                columns: new[] { "Deadline", "CreatedAt", "Id" },
                descending: new[] { false, true, false });

            migrationBuilder.CreateIndex(
                name: "IX_case_releases_CaseId",
                table: "case_releases",
                column: "CaseId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_cases_CreatedAt_Id",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_Deadline_CreatedAt_Id",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_case_releases_CaseId",
                table: "case_releases");
        }
    }
}
