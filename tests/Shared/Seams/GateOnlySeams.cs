using System.Collections;
using System.Reflection;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Parties;

namespace Grondslag.Testing;

/// <summary>
/// Invariant 1 by reflection, for every seam where content could reach a recipient (outbox, TAXII store, e-mail, MISP,
/// CSV, recipient API): no public method or constructor of a seam type accepts payload bytes, JSON, a MIME message, a
/// row, or loose share content; and a string that could become deliverable is accepted only beside the
/// <see cref="ReleasedShare"/> or <see cref="ShareWithdrawal"/> it belongs to. Each offender is named
/// (<c>Type.Method(parameter: Type)</c>) so a failing test says what to change.
/// </summary>
internal static class GateOnlySeams
{
    /// <summary>The two types only the disclosure gate makes; a seam method may take strings beside one of these.</summary>
    public static readonly Type[] GateMade = [typeof(ReleasedShare), typeof(ShareWithdrawal)];

    /// <summary>Parameter names that identify or configure, and never become content a recipient receives.</summary>
    private static readonly HashSet<string> NotContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "key", "shareId", "caseId", "partyId", "directory", "passphrase", "fingerprint", "signingKeyFingerprint", "level",
        // The shares of a bulk release whose (gate-made, already staged) outbox work is to run now: ids, like shareId.
        "shareIds",
    };

    /// <summary>Share content that has not passed the gate, and the raw forms of a payload.</summary>
    private static readonly string[] RawPayloadTypeNames =
    [
        "System.Byte[]", "System.IO.Stream", "System.IO.TextReader", "System.Text.Json.JsonElement", "System.Text.Json.JsonDocument",
        "System.Text.Json.Nodes.JsonNode", "MimeKit.MimeMessage", "MimeKit.MimeEntity",
    ];

    private static readonly Type[] LooseShareContent = [typeof(ShareCandidate), typeof(OutgoingIndicator), typeof(Party)];

    /// <summary>
    /// Every public method and constructor that breaks the rule, described: of <paramref name="surface"/>, any that takes
    /// raw payload or loose share content; of <paramref name="sinks"/> (the types that store or send), also any that
    /// takes text without the gate-made share it belongs to. Configuration (sender identity, SMTP settings) and pure
    /// id derivation take strings and are part of the surface, not sinks.
    /// </summary>
    public static List<string> Offenders(IEnumerable<Type> surface, IEnumerable<Type> sinks)
    {
        var sinkSet = sinks.ToHashSet();
        return [.. surface.Concat(sinkSet).Distinct().SelectMany(t => PublicMembers(t).SelectMany(m => Offences(m, sinkSet.Contains(t))))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The sinks among <paramref name="types"/>: every implementation of the given ports, and the named types.</summary>
    public static IEnumerable<Type> Sinks(IEnumerable<Type> types, Type[] ports, params Type[] named) =>
        types.Where(t => ports.Any(p => p.IsAssignableFrom(t))).Concat(ports).Concat(named).Distinct();

    /// <summary>Types that hold deliverable content must be made by their assembly only: no public constructor, no public setter.</summary>
    public static List<string> PubliclyConstructible(IEnumerable<Type> deliverableTypes) =>
    [
        .. deliverableTypes.SelectMany(t => t.GetConstructors(BindingFlags.Public | BindingFlags.Instance).Select(c => $"{t.Name} has a public constructor {Describe(c)}")
            .Concat(t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }).Select(p => $"{t.Name}.{p.Name} has a public setter"))
            .Concat(t.GetConstructors(BindingFlags.NonPublic | BindingFlags.Instance).Where(c => c.IsFamily || c.IsFamilyOrAssembly).Select(c => $"{t.Name} has a protected constructor"))),
    ];

    private static IEnumerable<MethodBase> PublicMembers(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly).Cast<MethodBase>()
            .Where(m => m.Name is not ("Equals" or "<Clone>$" or "Deconstruct" or "op_Equality" or "op_Inequality"))
            .Concat(type.GetConstructors(BindingFlags.Public | BindingFlags.Instance));

    private static IEnumerable<string> Offences(MethodBase method, bool sink)
    {
        var parameters = method.GetParameters();
        var beside = parameters.Any(p => GateMade.Contains(p.ParameterType));
        foreach (var p in parameters)
        {
            var type = p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType;
            if (IsRawPayload(type) || LooseShareContent.Any(c => c.IsAssignableFrom(type) || IsCollectionOf(type, c)) || IsRow(type))
            {
                yield return $"{Describe(method)}({p.Name}: {type.Name}) accepts content that did not pass the gate";
            }
            else if (sink && (type == typeof(string) || IsCollectionOf(type, typeof(string))) && !beside && !NotContent.Contains(p.Name ?? ""))
            {
                yield return $"{Describe(method)}({p.Name}: {type.Name}) accepts text without the ReleasedShare or ShareWithdrawal it belongs to";
            }
        }
    }

    private static bool IsRawPayload(Type type) =>
        Lineage(type).Any(t => RawPayloadTypeNames.Contains(t.FullName))
        || (type.IsGenericType && type.GetGenericArguments() is [var arg] && arg == typeof(byte))
        || (type.IsArray && type.GetElementType() is { } e && IsRawPayload(e))
        || (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType && type.GetGenericArguments().Any(IsRawPayload));

    /// <summary>A storage row (e.g. an outbox or TAXII object row) handed to a seam would bypass the gate just as well.</summary>
    private static bool IsRow(Type type) => type.Namespace?.StartsWith("Grondslag.Storage", StringComparison.Ordinal) == true && type.Name.EndsWith("Row", StringComparison.Ordinal);

    private static IEnumerable<Type> Lineage(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            yield return t;
        }
    }

    private static bool IsCollectionOf(Type type, Type element) =>
        type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type)
        && (type.IsArray ? element.IsAssignableFrom(type.GetElementType()!)
            : type.GetInterfaces().Concat([type]).Any(i => i.IsGenericType && i.GetGenericArguments().Any(a => element.IsAssignableFrom(a))));

    private static string Describe(MethodBase m) => $"{m.DeclaringType!.FullName}.{m.Name}";
}
