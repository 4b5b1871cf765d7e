using System.Text;

namespace Grondslag.Domain.Text;

/// <summary>
/// RFC 4180 CSV fields, read without allocation and written safely: one place for quoting rules,
/// used for indicator lists, address datasets and exports alike.
/// </summary>
public static class Csv
{
    /// <summary>
    /// Splits one CSV record into its fields. Quoted fields are returned without their surrounding quotes;
    /// doubled quotes inside them stay doubled (see <see cref="Unescape"/>). Returns false for a malformed
    /// record (an unterminated quote or text after a closing quote).
    /// </summary>
    public static bool TryGetField(ReadOnlySpan<char> record, int index, out ReadOnlySpan<char> field, out bool quoted)
    {
        var enumerator = new FieldEnumerator(record);
        var current = 0;
        while (enumerator.MoveNext())
        {
            if (current++ == index)
            {
                field = enumerator.Current;
                quoted = enumerator.CurrentQuoted;
                return !enumerator.Malformed;
            }
        }

        field = default;
        quoted = false;
        return false;
    }

    /// <summary>Splits a whole record into unescaped strings; null when the record is malformed.</summary>
    public static List<string>? Split(ReadOnlySpan<char> record)
    {
        var fields = new List<string>();
        var enumerator = new FieldEnumerator(record);
        while (enumerator.MoveNext())
        {
            if (enumerator.Malformed)
            {
                return null;
            }

            fields.Add(enumerator.CurrentQuoted ? Unescape(enumerator.Current) : enumerator.Current.ToString());
        }

        return fields;
    }

    /// <summary>Turns the doubled quotes of a quoted field's content into single ones.</summary>
    public static string Unescape(ReadOnlySpan<char> quotedContent) =>
        quotedContent.Contains('"') ? quotedContent.ToString().Replace("\"\"", "\"", StringComparison.Ordinal) : quotedContent.ToString();

    /// <summary>
    /// One cell for output: quoted when needed, and a leading <c>= + - @</c>, tab or carriage return is
    /// neutralised with an apostrophe so that a spreadsheet does not run it as a formula (CSV injection).
    /// </summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var text = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        return text.AsSpan().IndexOfAny("\",\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>Appends cells separated by commas, without the line end.</summary>
    public static StringBuilder AppendRecord(StringBuilder builder, params ReadOnlySpan<string?> cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(Cell(cells[i]));
        }

        return builder;
    }

    /// <summary>Walks the fields of one record.</summary>
    public ref struct FieldEnumerator
    {
        private readonly ReadOnlySpan<char> _record;
        private int _position;
        private bool _done;

        public FieldEnumerator(ReadOnlySpan<char> record)
        {
            _record = record;
            _position = 0;
            _done = false;
            Current = default;
            CurrentQuoted = false;
            Malformed = false;
        }

        public ReadOnlySpan<char> Current { get; private set; }

        public bool CurrentQuoted { get; private set; }

        public bool Malformed { get; private set; }

        public bool MoveNext()
        {
            if (_done)
            {
                return false;
            }

            var rest = _record[_position..];
            if (rest.Length > 0 && rest[0] == '"')
            {
                var i = 1;
                while (true)
                {
                    var quote = rest[i..].IndexOf('"');
                    if (quote < 0)
                    {
                        Malformed = true;
                        Current = rest[1..];
                        CurrentQuoted = true;
                        _done = true;
                        return true;
                    }

                    i += quote;
                    if (i + 1 < rest.Length && rest[i + 1] == '"')
                    {
                        i += 2;
                        continue;
                    }

                    break;
                }

                Current = rest[1..i];
                CurrentQuoted = true;
                var after = i + 1;
                if (after == rest.Length)
                {
                    _done = true;
                }
                else if (rest[after] == ',')
                {
                    _position += after + 1;
                }
                else
                {
                    Malformed = true;
                    _done = true;
                }

                return true;
            }

            var comma = rest.IndexOf(',');
            CurrentQuoted = false;
            if (comma < 0)
            {
                Current = rest;
                _done = true;
            }
            else
            {
                Current = rest[..comma];
                _position += comma + 1;
            }

            return true;
        }
    }
}
