using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Grondslag.Attribution.Parties;
using Grondslag.Domain.Parties;

namespace Grondslag.Attribution.Tests.Parties;

public sealed class PartyRegistryEditorTests
{
    private static readonly string Yaml = File.ReadAllText(PartyRegistryLoader.DefaultPath);
    private static readonly PartyRegistry Before = PartyRegistryLoader.Load("default.yaml", Yaml);

    private static readonly string[] WithEmail = [.. Before.Parties.Where(p => p.Channels.Any(c => c.Kind == ChannelKind.Email)).Select(p => p.Id)];

    public static Arbitrary<(string Party, string Fingerprint, string? Address)> Edits() =>
        (from party in Gen.Elements(WithEmail)
         from length in Gen.Elements(40, 64)
         from digits in Gen.ArrayOf(Gen.Elements("0123456789ABCDEF".ToCharArray()), length)
         from address in Gen.Elements<string?>(null, "soc@team.example", "cert+pgp@ministry.example")
         select (party, new string(digits), address)).ToArbitrary();

    // Whatever party and key: the edited registry loads, that party's e-mail channel has exactly the new key (and
    // address), and every other party and every other field is unchanged.
    [Property(Arbitrary = [typeof(PartyRegistryEditorTests)], MaxTest = 60)]
    public bool Apply_AnyPartyAndKey_ChangesOnlyThatPartysEmailChannel((string Party, string Fingerprint, string? Address) edit)
    {
        var text = PartyRegistryEditor.Apply(Yaml, [new EmailChannelEdit(edit.Party, edit.Fingerprint, edit.Address)]).Value!;
        var after = PartyRegistryLoader.Load("edited.yaml", text);
        var changed = after.Find(edit.Party)!;
        var email = changed.Channels.First(c => c.Kind == ChannelKind.Email);
        var was = Before.Find(edit.Party)!;
        return email.OpenPgpFingerprint == edit.Fingerprint
            && email.Address == (edit.Address ?? was.Channels.First(c => c.Kind == ChannelKind.Email).Address)
            && Json(changed with { Channels = was.Channels }) == Json(was)
            && after.Parties.Where(p => p.Id != edit.Party).Select(Json).SequenceEqual(Before.Parties.Where(p => p.Id != edit.Party).Select(Json))
            && text.Split('\n').Length - Yaml.Split('\n').Length is 0 or 1;
    }

    private static string Json(Party party) => System.Text.Json.JsonSerializer.Serialize(party);

    [Fact]
    public void Apply_UnknownPartyOrNoEmailChannel_IsRefused()
    {
        var unknown = PartyRegistryEditor.Apply(Yaml, [new EmailChannelEdit("cert-xx", new string('A', 40), null)]);
        Assert.Contains("no party 'cert-xx'", unknown.Refusal!.Reason, StringComparison.Ordinal);
        const string noEmail = "version: 1\nparties:\n  - id: team-a\n    name: A\n    kind: national-csirt\n    country: FR\n    channels:\n      - kind: taxii\n        address: https://taxii.example/\n";
        Assert.Contains("no e-mail channel", PartyRegistryEditor.Apply(noEmail, [new EmailChannelEdit("team-a", new string('A', 40), null)]).Refusal!.Reason, StringComparison.Ordinal);
    }
}
