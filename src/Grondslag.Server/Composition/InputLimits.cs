using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.Features;

namespace Grondslag.Server.Composition;

/// <summary>
/// Bounds on every input of the API: request bodies (1 MiB, except indicator lists and party registries, which have
/// their own upload limit), every text field of a request (by its name: names and titles short, motivations and notes
/// longer, see <see cref="MaxLength"/>), every route and query value, and lists. A request over a bound is refused
/// before any use case, store or audit log sees it.
/// </summary>
public static class InputLimits
{
    /// <summary>Largest JSON or form body outside uploads.</summary>
    public const long MaxBodyBytes = 1 << 20;

    /// <summary>Longest route or query value (ids, file names, cursors).</summary>
    public const int MaxRouteValue = 4_096;

    /// <summary>Most elements in a list field such as roles.</summary>
    public const int MaxListItems = 32;

    /// <summary>Most elements in a list of shares decided or released in one act: every recipient of a case (one per
    /// country and constituency party, a few hundred at most) fits.</summary>
    public const int MaxShareItems = 2_000;

    /// <summary>The most elements a list field of this name may hold.</summary>
    public static int MaxItems(string field) => field switch
    {
        "ShareIds" or "Shares" or "PartyIds" or "Parties" => MaxShareItems,
        _ => MaxListItems,
    };

    /// <summary>The longest text a field of this name may hold.</summary>
    public static int MaxLength(string field) => field switch
    {
        "UserName" or "Password" or "NewPassword" or "CurrentPassword" => 256,
        "Title" => 300,
        "Source" or "Party" or "To" or "Adviser" or "Outcome" or "Condition" or "Tlp" or "Purpose" or "Urgency" or "Regime" or "Date" or "CbwEntryIntoForce" or "Roles" => 200,
        "Reference" or "ContactPoint" => 1_000,
        "Question" or "Advice" or "Motivation" or "Reason" or "Reasons" or "Note" or "Summary" or "DelayReasons" => 8_000,
        _ => 1_000,
    };

    /// <summary>Whether a request may carry a body larger than <see cref="MaxBodyBytes"/> (uploads with their own limit).</summary>
    public static bool IsUpload(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path.Value ?? "";
        return (HttpMethods.IsPost(request.Method) && path.StartsWith("/api/cases/", StringComparison.Ordinal) && path.TrimEnd('/').EndsWith("/imports", StringComparison.Ordinal))
            || (HttpMethods.IsPut(request.Method) && path.TrimEnd('/') == "/api/admin/parties")
            || (HttpMethods.IsPost(request.Method) && path.TrimEnd('/') == "/cases/new");
    }

    /// <summary>Refuses bodies over the bound before they are read (413, problem details); lowers the server's own limit likewise.</summary>
    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!IsUpload(context.Request))
        {
            if (context.Request.ContentLength > MaxBodyBytes)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large",
                    detail: string.Create(CultureInfo.InvariantCulture, $"This request may carry at most {MaxBodyBytes} bytes; it announced {context.Request.ContentLength}."))
                    .ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxBodyBytes;
            }
        }

        await next(context).ConfigureAwait(false);
    });

    /// <summary>The endpoint filter that checks every text argument and every text field of a request record.</summary>
    public static EndpointFilterDelegate Filter(EndpointFilterFactoryContext factory, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var parameters = factory.MethodInfo.GetParameters();
        var checks = new List<(int Index, Func<object?, string?> Check)>();
        for (var i = 0; i < parameters.Length; i++)
        {
            var type = parameters[i].ParameterType;
            var name = parameters[i].Name ?? "value";
            if (type == typeof(string))
            {
                checks.Add((i, value => value is string s && s.Length > MaxRouteValue ? Message(name, MaxRouteValue, s.Length) : null));
            }
            else if (type.Assembly == typeof(InputLimits).Assembly && type.IsClass
                && (type.Name.EndsWith("Request", StringComparison.Ordinal) || type.Name.EndsWith("Body", StringComparison.Ordinal)))
            {
                var fields = Fields(type);
                checks.Add((i, value => value is null ? null : fields.Select(f => f(value)).FirstOrDefault(m => m is not null)));
            }
        }

        if (checks.Count == 0)
        {
            return next;
        }

        return async context =>
        {
            foreach (var (index, check) in checks)
            {
                if (index < context.Arguments.Count && check(context.Arguments[index]) is { } problem)
                {
                    return Problems.Invalid(problem);
                }
            }

            return await next(context).ConfigureAwait(false);
        };
    }

    private static readonly ConcurrentDictionary<Type, Func<object, string?>[]> FieldCache = new();

    private static Func<object, string?>[] Fields(Type type) => FieldCache.GetOrAdd(type, t =>
        [.. t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p =>
        {
            var max = MaxLength(p.Name);
            var field = char.ToLowerInvariant(p.Name[0]) + p.Name[1..];
            if (p.PropertyType == typeof(string))
            {
                return (Func<object, string?>)(o => p.GetValue(o) is string s && s.Length > max ? Message(field, max, s.Length) : null);
            }

            if (p.PropertyType == typeof(string[]))
            {
                var maxItems = MaxItems(p.Name);
                return o => p.GetValue(o) is string[] items
                    ? items.Length > maxItems
                        ? string.Create(CultureInfo.InvariantCulture, $"{field}: at most {maxItems} entries (this one has {items.Length}).")
                        : items.FirstOrDefault(s => s?.Length > max) is { } tooLong ? Message(field, max, tooLong.Length) : null
                    : null;
            }

            return _ => null;
        })]);

    private static string Message(string field, int max, int length) =>
        string.Create(CultureInfo.InvariantCulture, $"{field}: at most {max} characters (this one has {length}); shorten it.");
}
