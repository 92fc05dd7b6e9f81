using System.Text;
using CsCheck;
using PolicyRules.DuckDb;
using PolicyRules.Model;

namespace PolicyRules.Tests.DuckDb;

/// <summary>
/// <see cref="PlainCells"/> as a class: random CSV files — text cells with commas, quotes, CR and LF
/// (quoted, <c>""</c> escaped), plain and unusual numbers and dates, LF or CRLF, a BOM or none, a final
/// line break or none, and now and then a structural oddity (a cell missing or extra, a quote inside an
/// unquoted cell, text after a closing quote, a bare CR, a quote never closed, a quoted number) — answer
/// yes exactly when every typed cell is plain and the file is strict RFC 4180, whatever the size of
/// the reads (cells and line breaks across them); and wide files of short plain text, where most blocks
/// hold commas alone.
/// </summary>
public sealed class PlainCellsTests
{
    private static readonly PlainColumn Count = PlainColumn.For(RecordSchema.Enterprise.Fields.First(f => f.Kind == FieldKind.Count))!.Value;
    private static readonly PlainColumn Money = PlainColumn.For(RecordSchema.Enterprise.Fields.First(f => f.Kind == FieldKind.Money))!.Value;
    private static readonly PlainColumn Date = PlainColumn.For(RecordSchema.Enterprise.Fields.First(f => f.Kind == FieldKind.Date))!.Value;

    /// <summary>A generated file: its bytes, its typed columns and whether it is plain by construction.</summary>
    private sealed record CsvCase(byte[] Bytes, Dictionary<string, PlainColumn> Typed, bool Plain)
    {
        public override string ToString() => $"plain={Plain} typed=[{string.Join(",", Typed.Keys)}] {Encoding.UTF8.GetString(Bytes).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}";
    }

    private static readonly Gen<string> Text = Gen.Char["ab中,\"\r\n "].Array[0, 6].Select(c => new string(c));

    private static readonly Gen<string> PlainNumber = Gen.Select(Gen.Bool, Gen.Char['0', '9'].Array[1, 12], Gen.Char['0', '9'].Array[0, 2],
        (minus, whole, fraction) => (minus ? "-" : "") + new string(whole) + (fraction.Length > 0 ? "." + new string(fraction) : ""));

    private static readonly Gen<string> PlainCount = Gen.Select(Gen.Bool, Gen.Char['0', '9'].Array[1, 12], (minus, digits) => (minus ? "-" : "") + new string(digits));

    private static readonly Gen<string> PlainDate = Gen.Select(Gen.Int[1, 9999], Gen.Int[1, 12], Gen.Int[1, 28],
        (y, m, d) => $"{y:0000}-{m:00}-{d:00}");

    private static readonly Gen<string> Unusual = Of("1.5e3", "+5", ".5", "5.", "", " 5", "\"5\"", "1.234", "2024-1-05", "1_0", "2023-02-30");

    /// <summary>A cell of every kind, drawn together: the column's kind picks one (a generator per column cannot be drawn from the kinds drawn).</summary>
    private sealed record CellDraw(string Text, int Quote, string Number, string Count, string Date, string Unusual, int Odd)
    {
        /// <summary>The cell of a column of <paramref name="kind"/>: its CSV text and whether it keeps the file plain.</summary>
        public (string Cell, bool Plain) For(PlainKind kind) => kind switch
        {
            PlainKind.Text => Text.IndexOfAny([',', '"', '\r', '\n']) >= 0 || Quote == 0 ? ("\"" + Text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"", true) : (Text, true),
            _ when Odd == 0 => (Unusual, false),
            PlainKind.Count => (Count, true),
            PlainKind.Decimal => (Number, true),
            _ => (Date, true),
        };
    }

    private static readonly Gen<CellDraw> Cell = Cells(Text, unusualOneIn: 13);

    private static Gen<CellDraw> Cells(Gen<string> text, int unusualOneIn) =>
        Gen.Select(Gen.Select(text, Gen.Int[0, 3], PlainNumber, PlainCount), Gen.Select(PlainDate, Unusual, Gen.Int[0, unusualOneIn - 1]),
            (a, b) => new CellDraw(a.Item1, a.Item2, a.Item3, a.Item4, b.Item1, b.Item2, b.Item3));

    private static readonly string[] Oddities = ["none", "missing cell", "extra cell", "quote inside", "text after quote", "bare CR"];

    private static readonly Gen<CsvCase> Case =
        from kinds in Of(PlainKind.Text, PlainKind.Count, PlainKind.Decimal, PlainKind.Date).Array[2, 5]
        from rows in Cell.Array[kinds.Length, kinds.Length].Array[0, 6]
        from endings in Gen.Bool.Array[7, 7]
        from oddity in Gen.Frequency((20, Gen.Const(0)), (1, Gen.Int[1, Oddities.Length - 1]))
        from oddRow in Gen.Int[0, 5]
        from bom in Gen.Bool
        from finalBreak in Gen.Bool
        from unclosed in Gen.Frequency((20, Gen.Const(false)), (1, Gen.Const(true)))
        select Build(kinds, [.. rows.Select(r => r.Select((c, i) => c.For(kinds[i])).ToArray())], endings, oddity, oddRow, bom, finalBreak, unclosed);

    /// <summary>
    /// Wide records of short text cells without quotes or line breaks (a real file's shape): most 32-byte
    /// blocks hold commas alone, counted rather than visited, with typed cells among them.
    /// </summary>
    private static readonly Gen<CsvCase> Wide =
        from kinds in Gen.Frequency((3, Gen.Const(PlainKind.Text)), (1, Of(PlainKind.Count, PlainKind.Decimal, PlainKind.Date))).Array[20, 80]
        from rows in Cells(Gen.Char["ab中x"].Array[0, 9].Select(c => new string(c)), unusualOneIn: 400).Array[kinds.Length, kinds.Length].Array[1, 4]
        from endings in Gen.Bool.Array[7, 7]
        from oddity in Gen.Frequency((20, Gen.Const(0)), (1, Gen.Int[1, Oddities.Length - 1]))
        from oddRow in Gen.Int[0, 3]
        from finalBreak in Gen.Bool
        select Build(kinds, [.. rows.Select(r => r.Select((c, i) => c.For(kinds[i])).ToArray())], endings, oddity, oddRow, bom: false, finalBreak, unclosed: false);

    private static Gen<T> Of<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static CsvCase Build(PlainKind[] kinds, (string Cell, bool Plain)[][] rows, bool[] crlf, int oddity, int oddRow, bool bom, bool finalBreak, bool unclosed)
    {
        var typed = new Dictionary<string, PlainColumn>(StringComparer.Ordinal);
        var header = new List<string>();
        for (var i = 0; i < kinds.Length; i++)
        {
            var name = "c" + i;
            header.Add(i % 2 == 0 ? name : "\"" + name + "\"");
            if (kinds[i] != PlainKind.Text)
            {
                typed[name] = kinds[i] == PlainKind.Count ? Count : kinds[i] == PlainKind.Decimal ? Money : Date;
            }
        }

        var plain = true;
        var lines = new List<string> { string.Join(",", header) };
        for (var r = 0; r < rows.Length; r++)
        {
            var cells = rows[r].Select(c => c.Cell).ToList();
            plain &= rows[r].All(c => c.Plain);
            if (r == oddRow % Math.Max(rows.Length, 1) && oddity > 0)
            {
                var text = Array.IndexOf(kinds, PlainKind.Text);
                switch (Oddities[oddity])
                {
                    case "missing cell":
                        cells.RemoveAt(cells.Count - 1);
                        plain = false;
                        break;
                    case "extra cell":
                        cells.Add("x");
                        plain = false;
                        break;
                    case "quote inside" when text >= 0:
                        cells[text] = "a\"b";
                        plain = false;
                        break;
                    case "text after quote" when text >= 0:
                        cells[text] = "\"a\"b";
                        plain = false;
                        break;
                    case "bare CR":
                        cells[^1] += "\rz";
                        plain = false;
                        break;
                }
            }

            lines.Add(string.Join(",", cells));
        }

        var csv = new StringBuilder(bom ? "\uFEFF" : "");
        for (var i = 0; i < lines.Count; i++)
        {
            csv.Append(lines[i]);
            if (i < lines.Count - 1 || finalBreak)
            {
                csv.Append(crlf[i] ? "\r\n" : "\n");
            }
        }

        if (unclosed)
        {
            if (!finalBreak)
            {
                csv.Append('\n');
            }

            csv.Append(string.Join(",", kinds.Select((k, i) => i == 0 ? "\"never closed" : k == PlainKind.Date ? "2020-01-01" : "1")));
            plain = false;
        }

        return new CsvCase(Encoding.UTF8.GetBytes(csv.ToString()), typed, plain);
    }

    [Fact]
    public void A_random_file_is_plain_exactly_when_every_typed_cell_is_plain_and_the_file_strict_whatever_the_size_of_the_reads() =>
        Case.Sample(c =>
        {
            foreach (var size in new[] { 4, 5, 32, 33, 1 << 20 })
            {
                Assert.True(c.Plain == PlainCells.Check(new MemoryStream(c.Bytes), c.Typed, size, CancellationToken.None), $"read {size} bytes at a time: {c}");
            }
        }, iter: 3000);

    [Fact]
    public void A_random_wide_file_is_plain_exactly_when_every_typed_cell_is_plain_and_the_file_strict() =>
        Wide.Sample(c =>
        {
            foreach (var size in new[] { 33, 1 << 20 })
            {
                Assert.True(c.Plain == PlainCells.Check(new MemoryStream(c.Bytes), c.Typed, size, CancellationToken.None), $"read {size} bytes at a time: {c}");
            }
        }, iter: 2000);

    [Fact]
    public void A_typed_column_the_header_lacks_or_a_name_repeated_case_aside_is_not_plain()
    {
        var typed = new Dictionary<string, PlainColumn>(StringComparer.Ordinal) { ["n"] = Count };
        Assert.True(PlainCells.Check(new MemoryStream("id,n\nA,1\n"u8.ToArray()), typed, 1 << 20, CancellationToken.None));
        Assert.False(PlainCells.Check(new MemoryStream("id,m\nA,1\n"u8.ToArray()), typed, 1 << 20, CancellationToken.None));
        Assert.False(PlainCells.Check(new MemoryStream("id,n,n\nA,1,2\n"u8.ToArray()), typed, 1 << 20, CancellationToken.None));
        Assert.False(PlainCells.Check(new MemoryStream("id,N,n\nA,1e3,2\n"u8.ToArray()), typed, 1 << 20, CancellationToken.None)); // one name to DuckDB
        Assert.False(PlainCells.Check(new MemoryStream([]), typed, 1 << 20, CancellationToken.None));
    }
}
