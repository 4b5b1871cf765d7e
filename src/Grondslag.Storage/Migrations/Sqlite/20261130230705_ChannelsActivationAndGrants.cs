using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Grondslag.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChannelsActivationAndGrants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ProposalId",
                table: "activations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProposedBy",
                table: "activations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "account_grants",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserName = table.Column<string>(type: "TEXT", nullable: false),
                    Roles = table.Column<string>(type: "TEXT", nullable: false),
                    Party = table.Column<string>(type: "TEXT", nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ApprovedBy = table.Column<string>(type: "TEXT", nullable: true),
                    ApprovedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_account_grants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "activation_proposals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    CbwEntryIntoForce = table.Column<string>(type: "TEXT", nullable: true),
                    ScenariosPassed = table.Column<int>(type: "INTEGER", nullable: false),
                    ProposedBy = table.Column<string>(type: "TEXT", nullable: false),
                    ProposedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ApprovedBy = table.Column<string>(type: "TEXT", nullable: true),
                    ApprovedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_activation_proposals", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_account_grants_UserName",
                table: "account_grants",
                column: "UserName");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "account_grants");

            migrationBuilder.DropTable(
                name: "activation_proposals");

            migrationBuilder.DropColumn(
                name: "ProposalId",
                table: "activations");

            migrationBuilder.DropColumn(
                name: "ProposedBy",
                table: "activations");
        }
    }
}
