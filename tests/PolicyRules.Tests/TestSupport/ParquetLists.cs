using Parquet;
using Parquet.Schema;

namespace PolicyRules.Tests.TestSupport;

/// <summary>Reads a Parquet list column back as a reader that knows the format would: row by row, from its levels.</summary>
internal static class ParquetLists
{
    /// <summary>
    /// The lists of a <c>LIST&lt;STRING&gt;</c> column's element field in one row group: a repetition
    /// level of 0 starts a row; a definition level at the element's maximum is an element, one below
    /// an empty list. A null list or a null element fails the read (the results never hold either).
    /// </summary>
    public static async Task<List<string[]>> ReadAsync(ParquetRowGroupReader group, DataField element)
    {
        var n = checked((int)group.GetMetadata(element)!.MetaData!.NumValues);
        var values = new ReadOnlyMemory<char>[n];
        var definitions = new int[n];
        var repetitions = new int[n];
        await group.ReadRawAsync<ReadOnlyMemory<char>>(element, values, definitions, repetitions);
        var rows = new List<List<string>>();
        var v = 0;
        for (var i = 0; i < n; i++)
        {
            if (repetitions[i] == 0)
            {
                rows.Add([]);
            }

            if (definitions[i] == element.MaxDefinitionLevel)
            {
                rows[^1].Add(new string(values[v++].Span));
            }
            else
            {
                Assert.Equal(element.MaxDefinitionLevel - 1, definitions[i]); // an empty list, not a null one
                Assert.Empty(rows[^1]);
            }
        }

        Assert.Equal(group.RowCount, rows.Count);
        return [.. rows.Select(r => r.ToArray())];
    }
}
