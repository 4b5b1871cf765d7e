using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;

namespace Grondslag.Cli.Commands;

/// <summary>
/// <c>grondslag admin …</c>: accounts and their roles, TAXII credentials, rule-set and registry activations. Every
/// command calls the server's API as the signed-in administrator, so the server keeps the four eyes (a case role,
/// an activation needs a second administrator's approval) and writes every step to the audit log; the CLI decides
/// nothing itself.
/// </summary>
internal static partial class CaseCommands
{
    private static Command Admin(Context context)
    {
        var admin = new Command("admin", "Administration through the server's API (four eyes and the audit log stay on the server).");

        var account = new Command("account", "Accounts.");
        var user = new Option<string>("--user") { Required = true, Description = "Account name." };
        var roles = new Option<string[]>("--role") { Required = true, AllowMultipleArgumentsPerToken = true, Description = "Role(s): administrator, analyst, duty-officer, decision-maker, legal-adviser, nctv-adviser, auditor, recipient." };
        var party = new Option<string?>("--party") { Description = "For a recipient account: its party id (e.g. cert-fr)." };
        account.Subcommands.Add(Call(context, "create", "Create an account; prints its one-time password once. A case role stays pending until a second administrator approves the grant.",
            [user, roles, party],
            p => (HttpMethod.Post, "api/admin/accounts", JsonContent(new JsonObject
            {
                ["userName"] = p.GetValue(user),
                ["roles"] = new JsonArray([.. p.GetValue(roles)!.Select(r => (JsonNode)r)]),
                ["party"] = p.GetValue(party),
            }))));
        var disabled = new Option<string>("--user") { Required = true, Description = "Account name." };
        account.Subcommands.Add(Call(context, "disable", "Disable an account: it cannot sign in, and its sessions and tokens end at once.", [disabled],
            p => (HttpMethod.Post, $"api/admin/accounts/{Uri.EscapeDataString(p.GetValue(disabled)!)}/disable", null)));
        var enabled = new Option<string>("--user") { Required = true, Description = "Account name." };
        account.Subcommands.Add(Call(context, "enable", "Re-enable a disabled account with the roles it holds. An account with a case role or a recipient's access needs a second administrator's approval ('admin grant approve').", [enabled],
            p => (HttpMethod.Post, $"api/admin/accounts/{Uri.EscapeDataString(p.GetValue(enabled)!)}/enable", null)));
        admin.Subcommands.Add(account);

        var grant = new Command("grant", "Role grants awaiting a second administrator.");
        var grantId = new Option<long>("--grant") { Required = true, Description = "Grant id (from 'admin account create')." };
        grant.Subcommands.Add(Call(context, "approve", "Approve a pending role grant (not your own).", [grantId],
            p => (HttpMethod.Post, $"api/admin/account-grants/{p.GetValue(grantId)}/approval", null)));
        admin.Subcommands.Add(grant);

        var taxii = new Command("taxii", "TAXII 2.1 credentials: one per recipient party, for its own collection only.");
        var taxiiParty = new Option<string>("--party") { Required = true, Description = "Party id, e.g. cert-fr." };
        taxii.Subcommands.Add(Call(context, "issue", "Issue (or replace) a party's TAXII credential; prints the secret once.", [taxiiParty],
            p => (HttpMethod.Post, "api/admin/taxii-clients", JsonContent(new JsonObject { ["party"] = p.GetValue(taxiiParty) }))));
        taxii.Subcommands.Add(Call(context, "revoke", "Revoke a party's TAXII credential: its next pull is refused.", [taxiiParty],
            p => (HttpMethod.Delete, $"api/admin/taxii-clients/{Esc(p.GetValue(taxiiParty))}", null)));
        admin.Subcommands.Add(taxii);

        var parties = new Command("parties", "The party registry (contacts, channels, OpenPGP fingerprints).");
        parties.Subcommands.Add(Call(context, "show", "The parties in force.", [], _ => (HttpMethod.Get, "api/admin/parties", null)));
        var registry = new Option<FileInfo>("--file") { Required = true, Description = "The registry YAML (see parties/default.yaml)." };
        parties.Subcommands.Add(Call(context, "propose", "Propose a registry for activation; a second administrator approves it.", [registry],
            p => (HttpMethod.Put, "api/admin/parties", new StringContent(File.ReadAllText(p.GetValue(registry)!.FullName, Encoding.UTF8), Encoding.UTF8, "application/yaml"))));
        var keyFiles = new Option<FileInfo[]>("--file") { Required = true, AllowMultipleArgumentsPerToken = true, Description = "ASCII-armoured OpenPGP public key file(s): one key each, or a keyserver export with several." };
        var keyParty = new Option<string?>("--party") { Description = "The party all keys in the file(s) belong to (to replace its key, or when its registry address is a placeholder); otherwise each key goes to the party whose registry names its fingerprint or one of its e-mail addresses." };
        parties.Subcommands.Add(Call(context, "import-keys",
            "Import parties' OpenPGP public keys into the keyring; a changed fingerprint or address is proposed as a new registry that a second administrator approves. Prints per key what was imported or refused and why.",
            [keyFiles, keyParty],
            p => (HttpMethod.Post, "api/admin/parties/keys", JsonContent(new JsonObject
            {
                ["party"] = p.GetValue(keyParty),
                ["files"] = new JsonArray([.. p.GetValue(keyFiles)!.Select(f => (JsonNode)new JsonObject
                {
                    ["name"] = f.Name,
                    ["armoured"] = File.ReadAllText(f.FullName, Encoding.UTF8),
                })]),
            }))));
        admin.Subcommands.Add(parties);

        var rules = new Command("rule-set", "The rule set.");
        rules.Subcommands.Add(Call(context, "show", "The rule set in force and pending proposals.", [], _ => (HttpMethod.Get, "api/admin/rule-set", null)));
        var cbw = new Option<string?>("--cbw-entry-into-force") { Description = "The Cbw's entry-into-force date (YYYY-MM-DD), once known." };
        rules.Subcommands.Add(Call(context, "propose", "Propose the server's rules folder for activation (validated, every scenario run); a second administrator approves it.", [cbw],
            p => (HttpMethod.Post, "api/admin/rule-set/activation", JsonContent(new JsonObject { ["cbwEntryIntoForce"] = p.GetValue(cbw) }))));
        admin.Subcommands.Add(rules);

        var activation = new Command("activation", "Activation proposals (rule sets and registries).");
        var proposal = new Option<long>("--proposal") { Required = true, Description = "Proposal id (from 'propose')." };
        activation.Subcommands.Add(Call(context, "approve", "Approve another administrator's proposal: it comes into force for every later request.", [proposal],
            p => (HttpMethod.Post, $"api/admin/activation-proposals/{p.GetValue(proposal)}/approval", null)));
        admin.Subcommands.Add(activation);
        return admin;
    }
}
