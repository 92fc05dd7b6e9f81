using PolicyRules.Model;

namespace PolicyRules.Input;

/// <summary>
/// Writes enterprise (or person) profiles as an .xlsx workbook that <see cref="ProfileXlsxReader"/>
/// reads back to equal records, streaming: one sheet, the contract field names as the header, typed
/// cells (numbers, dates shown yyyy-mm-dd, booleans, text — a number Excel cannot hold exactly is
/// written as text).
/// </summary>
public static class ProfileXlsxWriter
{
    /// <summary>The worksheet's name.</summary>
    public const string SheetName = "Profiles";

    /// <summary>Writes <paramref name="profiles"/> to <paramref name="path"/>; returns how many were written.</summary>
    public static long Write(string path, IEnumerable<EnterpriseProfile> profiles) => Write(path, profiles, RecordSchema.Enterprise);

    /// <summary>Writes person profiles (the person contract) to <paramref name="path"/>; returns how many were written.</summary>
    public static long WritePersons(string path, IEnumerable<PersonProfile> persons) => Write(path, persons, RecordSchema.Person);

    /// <summary>Writes records of <paramref name="schema"/> (any kind, declared ones included) to <paramref name="path"/>; returns how many were written.</summary>
    public static long WriteRecords(string path, IEnumerable<object> records, RecordSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return Write(path, records, schema);
    }

    private static long Write(string path, IEnumerable<object> records, RecordSchema schema)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(records);
        using var workbook = new XlsxWorkbookWriter(path, SheetName);
        var sheet = workbook.Sheet(0);
        var fields = schema.Fields;
        sheet.StartRow();
        foreach (var field in fields)
        {
            sheet.Text(field.Name);
        }

        sheet.EndRow();
        long count = 0;
        foreach (var record in records)
        {
            sheet.StartRow();
            foreach (var field in fields)
            {
                switch (field.Property.GetValue(record))
                {
                    case null:
                        sheet.Empty();
                        break;
                    case bool value:
                        sheet.Boolean(value);
                        break;
                    case DateOnly value:
                        sheet.Date(value);
                        break;
                    case int value:
                        sheet.Number(value);
                        break;
                    case decimal value:
                        sheet.Number(value);
                        break;
                    case var value:
                        sheet.Text(ProfileCsvWriter.Format(value));
                        break;
                }
            }

            sheet.EndRow();
            count++;
        }

        return count;
    }
}
