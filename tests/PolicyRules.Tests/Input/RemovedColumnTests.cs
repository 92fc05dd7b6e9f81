using PolicyRules.Input;
using PolicyRules.Model;
using static PolicyRules.Tests.Input.ProfileInputTestSupport;

namespace PolicyRules.Tests.Input;

/// <summary>
/// A column removed from the contract (2026-12) is refused by every reader with an error that names
/// its replacement, in English and Chinese, whether or not a selected programme would read it: an
/// unknown column is otherwise ignored, and its values would be lost without notice.
/// </summary>
public sealed class RemovedColumnTests
{
    public static TheoryData<string, string[]> Removed => new()
    {
        { "provincialTop3OrNationalSciAwardWithin3y", ["provincialSciAwardTop3Within3y", "nationalSciAwardTop5Within3y"] },
        { "seriousResearchDishonesty", ["seriousFraudOrResearchDishonesty"] },
    };

    [Theory]
    [MemberData(nameof(Removed))]
    public void A_CSV_header_with_a_removed_column_is_refused_naming_the_replacement(string removed, string[] replacements)
    {
        var lines = WriteCsv(TestProfiles.Baseline()).TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var withOld = $"{lines[0]},{removed}\n{lines[1]},false\n";

        var refused = Assert.Throws<ProfileInputException>(() => ReadCsv(withOld, Fields("employees")));

        AssertNamesReplacement(Assert.Single(refused.Errors), removed, replacements);
        Assert.Equal(0, refused.Errors[0].Row);
    }

    [Theory]
    [MemberData(nameof(Removed))]
    public void A_JSON_profile_with_a_removed_property_is_refused_at_its_line_naming_the_replacement(string removed, string[] replacements)
    {
        var json = $"{{\n  \"id\": \"91370211MA3TEST001\",\n  \"employees\": 10,\n  \"{removed}\": true\n}}";

        var error = Assert.Single(JsonErrors(json, Fields("employees")));

        AssertNamesReplacement(error, removed, replacements);
        Assert.Equal(4, error.Line);
        Assert.Contains("(line 4, column 3) / ", error.Reason, StringComparison.Ordinal);
        Assert.EndsWith("（第 4 行第 3 列）", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Removed))]
    public async Task A_Parquet_file_with_a_removed_column_is_refused_naming_the_replacement(string removed, string[] replacements)
    {
        var path = Path.Combine(Path.GetTempPath(), $"removed-{Guid.NewGuid():N}.parquet");
        try
        {
            await ParquetTestFiles.WriteAsync(path, null,
                ParquetTestFiles.Text("id", "91370211MA3TEST001"),
                ParquetTestFiles.Of("employees", 10),
                ParquetTestFiles.Of(removed, true));

            var refused = Assert.Throws<ProfileInputException>(() => ProfileParquetReader.Open(path, Fields("employees")));

            AssertNamesReplacement(Assert.Single(refused.Errors), removed, replacements);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_replacements_are_contract_fields_and_the_removed_names_are_not()
    {
        foreach (var row in Removed)
        {
            var (removed, replacements) = ((string)row[0], (string[])row[1]);
            Assert.False(ProfileSchema.TryGetField(removed, out _), removed);
            Assert.True(RecordSchema.Enterprise.TryGetRetired(removed, out _), removed);
            Assert.All(replacements, name => Assert.True(ProfileSchema.TryGetField(name, out _), name));
        }
    }

    private static void AssertNamesReplacement(InputError error, string removed, string[] replacements)
    {
        Assert.Equal(removed, error.Column);
        var parts = error.Reason.Split(" / ", 2);
        Assert.Equal(2, parts.Length);
        Assert.Contains("2026-12", parts[0], StringComparison.Ordinal);
        Assert.Contains("2026-12", parts[1], StringComparison.Ordinal);
        foreach (var replacement in replacements)
        {
            // Both the English and the Chinese text name every replacement column.
            Assert.Contains($"'{replacement}'", parts[0], StringComparison.Ordinal);
            Assert.Contains($"'{replacement}'", parts[1], StringComparison.Ordinal);
        }
    }
}
