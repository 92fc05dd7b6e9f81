using System.Text;
using CsCheck;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Fuzzing;

/// <summary>
/// Mutated valid inputs and random bytes, within a CI-sized budget: the rule-file loader and the
/// profile readers never throw anything but their documented errors, and never hang.
/// </summary>
public sealed class FuzzTests
{
    private static readonly byte[] RuleFile = File.ReadAllBytes(Path.Combine(TestProfiles.RulesDirectory, "TechBasedSme.2017.json"));
    private static readonly byte[] SampleCsv = Encoding.UTF8.GetBytes(string.Join('\n', File.ReadLines(Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "enterprises.csv")).Take(30)) + "\n");
    private static readonly System.Text.Json.JsonSerializerOptions Camel = new()
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private static readonly byte[] ProfileJson = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(TestProfiles.Baseline(), Camel));

    /// <summary>A few edits of a valid input: flip, drop, duplicate or insert bytes (JSON and CSV punctuation favoured).</summary>
    private static Gen<byte[]> Mutations(byte[] valid) =>
        Gen.Int[1, 8].SelectMany(edits => Gen.Select(Gen.Int[0, 3], Gen.Int[0, valid.Length - 1], Gen.OneOf<byte>((byte)'"', (byte)',', (byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)'\\', (byte)'\n', (byte)'\r', (byte)':', (byte)'(', (byte)0xE4, (byte)0xFF, (byte)'0'))
            .Array[edits]
            .Select(ops =>
            {
                var bytes = new List<byte>(valid);
                foreach (var (kind, at, value) in ops)
                {
                    var i = Math.Min(at, Math.Max(bytes.Count - 1, 0));
                    switch (kind)
                    {
                        case 0 when bytes.Count > 0: bytes[i] = value; break;
                        case 1 when bytes.Count > 0: bytes.RemoveAt(i); break;
                        case 2: bytes.Insert(i, value); break;
                        default: bytes.InsertRange(i, bytes.Skip(i).Take(16).ToArray()); break;
                    }
                }

                return bytes.ToArray();
            }));

    private static readonly Gen<byte[]> RandomBytes = Gen.Byte.Array[0, 400];

    [Fact]
    public void The_rule_loader_reports_mutated_and_random_files_as_diagnostics()
    {
        Gen.OneOf(Mutations(RuleFile), RandomBytes).Sample(bytes =>
        {
            var diagnostics = new List<RuleDiagnostic>();
            var definitions = RuleFileReader.Read("fuzz.json", bytes, diagnostics);
            PolicyEngine.Check(definitions, diagnostics);
            Assert.All(diagnostics, d => Assert.StartsWith("PR1", d.Id, StringComparison.Ordinal));
            Assert.All(diagnostics, d => Assert.True(d.Location.Line >= 1 && d.Location.Column >= 1));
            // Whatever the damage, the author reads the same specifics in both languages, none left in English.
            // (A message quoting undecodable bytes is left out: its quotes confuse the comparison, not the reader.)
            Assert.All(diagnostics.Where(d => !d.Message.Contains('\uFFFD', StringComparison.Ordinal)), d => Assert.True(BilingualSpecifics.Mismatch(d.Message) == "", $"{BilingualSpecifics.Mismatch(d.Message)}: {d.Message}"));
            Assert.All(diagnostics.Where(d => !d.Message.Contains('\uFFFD', StringComparison.Ordinal)), d => Assert.True(BilingualSpecifics.PlainEnglishWordsInChinese(d.Message).Count == 0, $"[{string.Join(' ', BilingualSpecifics.PlainEnglishWordsInChinese(d.Message))}] {d.Message}"));
        }, iter: 1_500);
    }

    [Fact]
    public void The_csv_reader_accounts_for_every_line_of_mutated_and_random_files()
    {
        Gen.OneOf(Mutations(SampleCsv), RandomBytes).Sample(bytes =>
        {
            ProfileCsvReader reader;
            try
            {
                reader = ProfileCsvReader.Open(new StringReader(Encoding.UTF8.GetString(bytes)), "fuzz.csv", ProfileSchema.All);
            }
            catch (ProfileInputException ex)
            {
                Assert.NotEmpty(ex.Errors);
                AssertBilingual(ex.Errors);
                return;
            }

            using (reader)
            {
                var records = reader.ReadAll().ToList();
                Assert.All(records, r => Assert.True(r.Profile is null != r.Errors.IsEmpty));
                Assert.Equal(Enumerable.Range(1, records.Count), records.Select(r => r.Row));
                AssertBilingual(records.SelectMany(r => r.Errors));
            }
        }, iter: 1_500);
    }

    [Fact]
    public void The_json_profile_reader_reports_mutated_and_random_files_as_input_errors()
    {
        Gen.OneOf(Mutations(ProfileJson), RandomBytes).Sample(bytes =>
        {
            try
            {
                ProfileJsonReader.Read("fuzz.json", bytes, ProfileSchema.All);
            }
            catch (ProfileInputException ex)
            {
                Assert.NotEmpty(ex.Errors);
                AssertBilingual(ex.Errors);
            }
        }, iter: 1_500);
    }

    /// <summary>
    /// Whatever the damage, a reason gives the reader the same specifics in both languages and its Chinese
    /// half in Chinese. (A reason quoting undecodable bytes, control characters or quote marks of the damaged
    /// text is left out: such quotes confuse the comparison, not the reader.)
    /// </summary>
    private static void AssertBilingual(IEnumerable<InputError> errors)
    {
        foreach (var reason in errors.Select(e => e.Reason).Where(r => !r.Contains('\uFFFD', StringComparison.Ordinal) && !r.Any(char.IsControl) && r.Count(c => c == '`') <= 4))
        {
            Assert.True(BilingualSpecifics.Mismatch(reason) == "", $"{BilingualSpecifics.Mismatch(reason)}: {reason}");
            Assert.True(BilingualSpecifics.PlainEnglishWordsInChinese(reason).Count == 0, $"[{string.Join(' ', BilingualSpecifics.PlainEnglishWordsInChinese(reason))}] {reason}");
        }
    }
}
