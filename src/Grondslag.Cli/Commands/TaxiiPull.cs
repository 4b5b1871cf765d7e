using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Grondslag.Cli.Commands;

/// <summary>
/// Pulls every object of a TAXII 2.1 collection (following <c>more</c>/<c>next</c> pages) into one TAXII envelope,
/// which the server's import reads as STIX. The CLI pulls, not the server: the server makes no outbound requests
/// to addresses an analyst types in.
/// </summary>
internal static class TaxiiPull
{
    public const string Media = "application/taxii+json;version=2.1";

    public const string PasswordVariable = "GRONDSLAG_TAXII_PASSWORD";

    /// <summary>At most this many pages are followed (a server that never ends its paging is an error, not a hang).</summary>
    public const int MaxPages = 10_000;

    /// <summary>The collection's objects as one envelope <c>{"more": false, "objects": […]}</c>, and a file name for the import.</summary>
    public static async Task<(byte[] Content, string FileName)> FetchAsync(HttpClient client, Uri collection, string? user, string? password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(collection);
        var root = collection.AbsoluteUri.EndsWith('/') ? collection : new Uri(collection.AbsoluteUri + "/");
        var objects = new JsonArray();
        string? next = null;
        for (var page = 0; ; page++)
        {
            if (page >= MaxPages)
            {
                throw new IOException($"--taxii: {root} still says 'more' after {MaxPages} pages; pull a narrower collection.");
            }

            var url = new Uri(root, "objects/" + (next is null ? "" : "?next=" + Uri.EscapeDataString(next)));
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd(Media);
            if (!string.IsNullOrEmpty(user))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
            }

            JsonNode? envelope;
            try
            {
                using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new IOException($"--taxii: {url} answered {(int)response.StatusCode} {response.ReasonPhrase}: {(text.Length > 300 ? text[..300] : text)}");
                }

                envelope = JsonNode.Parse(text);
            }
            catch (HttpRequestException ex)
            {
                throw new IOException($"--taxii: {url} could not be reached ({ex.Message}).", ex);
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new IOException($"--taxii: {url} did not answer a TAXII envelope (JSON): {ex.Message}", ex);
            }

            if (envelope?["objects"] is JsonArray page_objects)
            {
                foreach (var o in page_objects.ToList())
                {
                    page_objects.Remove(o);
                    objects.Add(o);
                }
            }

            var more = envelope?["more"] is JsonValue m && m.TryGetValue<bool>(out var b) && b;
            next = envelope?["next"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : null;
            if (!more || next is null)
            {
                break;
            }
        }

        var body = new JsonObject { ["more"] = false, ["objects"] = objects };
        var segment = root.Segments.Length > 0 ? root.Segments[^1].Trim('/') : "collection";
        return (Encoding.UTF8.GetBytes(body.ToJsonString()), $"taxii-{root.Host}-{segment}.json");
    }
}
