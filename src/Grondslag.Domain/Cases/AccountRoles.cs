namespace Grondslag.Domain.Cases;

/// <summary>
/// Who may hold which roles, and which roles an administrator cannot give alone (four eyes on accounts). Case roles
/// prepare or decide shares; an administrator holds none of them, so that nobody can make themself a second pair of
/// eyes. The auditor only reads and is no case role. Pure and thread-safe.
/// </summary>
public static class AccountRoles
{
    /// <summary>True for the roles that take part in a case: analyst, duty officer, legal and NCTV adviser, decision-maker.</summary>
    public static bool IsCaseRole(Role role) => role switch
    {
        Role.Analyst or Role.DutyOfficer or Role.LegalAdviser or Role.NctvAdviser or Role.DecisionMaker => true,
        Role.Auditor or Role.Administrator or Role.Recipient => false,
    };

    /// <summary>
    /// True when granting <paramref name="role"/> needs a second administrator's approval: every case role, a recipient's
    /// access (it reads a party's shares), and administration once <paramref name="administrators"/> is two or more (the
    /// first administrator may appoint a second alone, so that there is someone to approve). The auditor role does not.
    /// </summary>
    public static bool NeedsSecondAdministrator(Role role, int administrators) => role switch
    {
        Role.Analyst or Role.DutyOfficer or Role.LegalAdviser or Role.NctvAdviser or Role.DecisionMaker or Role.Recipient => true,
        Role.Administrator => administrators >= 2,
        Role.Auditor => false,
    };

    /// <summary>Why these roles cannot be held together, or null when they can.</summary>
    public static Grondslag.Domain.Text.LocalText? Conflict(IEnumerable<Role> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var all = roles.Distinct().ToList();
        var caseRoles = all.Where(IsCaseRole).ToList();
        var named = string.Join(", ", caseRoles.Select(r => r.ToWire()));
        return all.Contains(Role.Administrator) && caseRoles.Count > 0
            ? new Grondslag.Domain.Text.LocalText($"An administrator holds no case role ({named}): use a separate account for case work.",
                $"Een beheerder heeft geen zaakrol ({named}): gebruik een apart account voor zaakwerk.")
            : null;
    }
}
