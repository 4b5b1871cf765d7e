using System.CommandLine;
using System.Globalization;
using System.Text;
using Grondslag.Attribution.Data;
using Grondslag.Attribution.Routing;
using Grondslag.Attribution.Tables;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Text;

namespace Grondslag.Cli.Commands;

/// <summary><c>grondslag attribute</c>: country, ASN and organisation of every accepted address, as CSV on stdout.</summary>
public static class AttributeCommand
{
    public static Command Create()
    {
        var indicators = new Option<string>("--indicators") { Description = "The indicator list: one address per line, or CSV with --column ('-' reads stdin).", Required = true };
        var column = new Option<string?>("--column") { Description = "Read CSV with a header row and take the addresses from this column." };
        var dataDir = DataCommands.DataDirOption();
        var command = new Command("attribute", "Write CSV 'indicator,country,asn,as_org', one row per accepted unique address; rejected lines are summarised on stderr.")
        {
            indicators,
            column,
            dataDir,
        };
        command.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(indicators)!;
            try
            {
                var list = ReadIndicators(path, new IndicatorListOptions { CsvColumn = parseResult.GetValue(column) });
                var tables = AddressTables.Load(DataDirectory.Resolve(parseResult.GetValue(dataDir)), message => Console.Error.WriteLine(message));
                var attributed = AttributedAddresses.Attribute(list, tables);
                WriteCsv(attributed, Console.OpenStandardOutput());
                WriteSummary(list, attributed, Console.Error);
                return 0;
            }
            catch (IndicatorListException e)
            {
                Console.Error.WriteLine($"grondslag attribute: {e.Message}");
                return 1;
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                Console.Error.WriteLine($"grondslag attribute: cannot read '{path}': {e.Message}");
                return 1;
            }
            catch (AddressDataException e)
            {
                Console.Error.WriteLine($"grondslag attribute: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>Parses an indicator file (or stdin for '-').</summary>
    public static IndicatorList ReadIndicators(string path, IndicatorListOptions options)
    {
        if (path == "-")
        {
            return IndicatorListParser.Parse("stdin", Console.In, options);
        }

        return IndicatorListParser.ParseFile(path, options);
    }

    /// <summary>Writes the attribution as CSV, every cell escaped and neutralised against formula injection.</summary>
    public static void WriteCsv(AttributedAddresses attributed, Stream output)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        writer.WriteLine("indicator,country,asn,as_org");
        var line = new StringBuilder();
        for (var i = 0; i < attributed.Count; i++)
        {
            var asInfo = attributed.AsOf(i);
            line.Clear();
            Csv.AppendRecord(line,
                attributed.Addresses[i].ToString(),
                attributed.CountryOf(i)?.Value,
                asInfo.IsKnown ? asInfo.Asn.ToString(CultureInfo.InvariantCulture) : null,
                asInfo.Organisation);
            writer.WriteLine(line);
        }
    }

    private static void WriteSummary(IndicatorList list, AttributedAddresses attributed, TextWriter error)
    {
        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{list.Source}: {list.Lines} lines, {list.Accepted} accepted unique addresses, {list.Duplicates} duplicates, {list.NotAttributableCount} not attributable, {list.Ranges.Length} ranges, {list.RejectedCount} rejected; {attributed.ByCountry.Count} countries, {attributed.UnknownCountry} without country."));
        error.WriteLine($"dataset: {attributed.CountryDataset}; {attributed.AsnDataset}");
        foreach (var rejected in list.Rejected.Take(20))
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  line {rejected.Line}: '{rejected.Text}': {rejected.Reason}"));
        }

        if (list.RejectedCount > 20)
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  … and {list.RejectedCount - 20} more rejected lines"));
        }
    }
}
