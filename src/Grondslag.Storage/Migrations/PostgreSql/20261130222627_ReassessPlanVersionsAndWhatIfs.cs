using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Grondslag.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ReassessPlanVersionsAndWhatIfs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AddressesSha256",
                table: "case_shares",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PartySha256",
                table: "case_shares",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PreviousShareId",
                table: "case_shares",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SupersededBy",
                table: "case_shares",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PlanVersion",
                table: "case_plans",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "SupersededBy",
                table: "case_plans",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Supersedes",
                table: "case_plans",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "case_what_ifs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    CaseId = table.Column<string>(type: "text", nullable: false),
                    ImportId = table.Column<string>(type: "text", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Regime = table.Column<string>(type: "text", nullable: false),
                    RegimeInForce = table.Column<string>(type: "text", nullable: true),
                    RuleSetSha256 = table.Column<string>(type: "text", nullable: false),
                    RecipientsJson = table.Column<string>(type: "text", nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_what_ifs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_case_what_ifs_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_case_plans_Supersedes",
                table: "case_plans",
                column: "Supersedes",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_case_what_ifs_CaseId",
                table: "case_what_ifs",
                column: "CaseId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_what_ifs");

            migrationBuilder.DropIndex(
                name: "IX_case_plans_Supersedes",
                table: "case_plans");

            migrationBuilder.DropColumn(
                name: "AddressesSha256",
                table: "case_shares");

            migrationBuilder.DropColumn(
                name: "PartySha256",
                table: "case_shares");

            migrationBuilder.DropColumn(
                name: "PreviousShareId",
                table: "case_shares");

            migrationBuilder.DropColumn(
                name: "SupersededBy",
                table: "case_shares");

            migrationBuilder.DropColumn(
                name: "PlanVersion",
                table: "case_plans");

            migrationBuilder.DropColumn(
                name: "SupersededBy",
                table: "case_plans");

            migrationBuilder.DropColumn(
                name: "Supersedes",
                table: "case_plans");
        }
    }
}
