using Grondslag.Domain.Cases;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Grondslag.Attribution.Parties;

/// <summary>One change to a party's e-mail channel: its OpenPGP fingerprint and, when given, its address.</summary>
public sealed record EmailChannelEdit(string PartyId, string Fingerprint, string? Address);

/// <summary>
/// Changes parties' e-mail channels in a registry's YAML text in place: only the <c>openpgp:</c> and <c>address:</c>
/// values of the party's first e-mail channel change, so comments, order and every other entry stay byte for byte
/// (a reviewer of the proposal sees a small diff). The result is a new registry text that still has to be proposed
/// and approved (four eyes) like any other registry: this class decides nothing.
/// </summary>
public static class PartyRegistryEditor
{
    public static Outcome<string> Apply(string yaml, IReadOnlyList<EmailChannelEdit> edits)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(edits);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            return new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText($"The registry in force does not parse as YAML ({ex.Start.Line}:{ex.Start.Column}): {ex.Message}", $"Het geldende register is geen geldige YAML ({ex.Start.Line}:{ex.Start.Column}): {ex.Message}"));
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("parties"), out var partiesNode) || partiesNode is not YamlSequenceNode parties)
        {
            return new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText("The registry in force has no 'parties' list.", "Het geldende register heeft geen lijst 'parties'."));
        }

        // (start, end, replacement) in character offsets; applied from the end so earlier offsets stay valid.
        var splices = new List<(long Start, long End, string Text)>();
        foreach (var edit in edits)
        {
            var party = parties.Children.OfType<YamlMappingNode>().FirstOrDefault(p => Scalar(p, "id") == edit.PartyId);
            if (party is null)
            {
                return new Refusal(RefusalKind.NotFound, new Grondslag.Domain.Text.LocalText($"There is no party '{edit.PartyId}' in the registry in force.", $"Er is geen partij '{edit.PartyId}' in het geldende register."));
            }

            var channel = party.Children.TryGetValue(new YamlScalarNode("channels"), out var channels) && channels is YamlSequenceNode list
                ? list.Children.OfType<YamlMappingNode>().FirstOrDefault(c => Scalar(c, "kind") == "email")
                : null;
            if (channel is null || Child(channel, "address") is not YamlScalarNode address)
            {
                return new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText($"Party '{edit.PartyId}' has no e-mail channel in the registry: add one (kind: email, address) and propose the registry file (grondslag admin parties propose).", $"Partij '{edit.PartyId}' heeft geen e-mailkanaal in het register: voeg er een toe (kind: email, address) en stel het registerbestand voor (grondslag admin parties propose)."));
            }

            if (edit.Address is { } newAddress && !string.Equals(newAddress, address.Value, StringComparison.OrdinalIgnoreCase))
            {
                splices.Add((address.Start.Index, address.End.Index, Quote(newAddress)));
            }

            if (Child(channel, "openpgp") is YamlScalarNode openpgp)
            {
                splices.Add((openpgp.Start.Index, openpgp.End.Index, edit.Fingerprint));
            }
            else
            {
                // A new line after the address line, indented like the address key.
                var keyNode = channel.Children.Keys.OfType<YamlScalarNode>().First(k => k.Value == "address");
                var indent = new string(' ', checked((int)keyNode.Start.Column - 1));
                splices.Add((address.End.Index, address.End.Index, "\n" + indent + "openpgp: " + edit.Fingerprint));
            }
        }

        var text = yaml;
        foreach (var (start, end, replacement) in splices.OrderByDescending(s => s.Start))
        {
            text = string.Concat(text.AsSpan(0, checked((int)start)), replacement, text.AsSpan(checked((int)end)));
        }

        return Outcome<string>.Ok(text);
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Scalar(YamlMappingNode map, string key) => (Child(map, key) as YamlScalarNode)?.Value;

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
