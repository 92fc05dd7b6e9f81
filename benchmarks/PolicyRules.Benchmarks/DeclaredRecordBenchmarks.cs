using BenchmarkDotNet.Attributes;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Screening;

namespace PolicyRules.Benchmarks;

/// <summary>
/// Issue 14: a programme over a record kind declared in JSON (<c>*.record.json</c>, a CLR type
/// emitted at load) against the same programme over the compiled <see cref="EnterpriseProfile"/>
/// class. The programme is the outputs test programme (tests/PolicyRules.Tests/TestSupport/rules:
/// R&amp;D expense Y1 and Y2, two criteria, two declared outputs); the declared variant is the same
/// file with <c>"Input": "Firm"</c> over a kind with just those fields. Both screen the same 1,000
/// records, read from CSV by the engines' own schemas; <see cref="Setup"/> checks they agree.
/// </summary>
[MemoryDiagnoser]
public class DeclaredRecordBenchmarks
{
    private const int Batch = 1000;
    private const string Programme = "RdIncreaseSubsidy";

    private readonly string _folder = Directory.CreateTempSubdirectory("policyrules-declared-bench-").FullName;
    private object[] _compiledRecords = [];
    private object[] _declaredRecords = [];
    private string[] _ids = [];
    private CompiledProgramme _overClass = null!;
    private CompiledProgramme _overDeclared = null!;
    private ScreeningBuffer _classBuffer = null!;
    private ScreeningBuffer _declaredBuffer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var source = Path.Combine(Samples.Root, "tests", "PolicyRules.Tests", "TestSupport", "rules", Programme + ".json");
        var classFolder = Directory.CreateDirectory(Path.Combine(_folder, "class")).FullName;
        var declaredFolder = Directory.CreateDirectory(Path.Combine(_folder, "declared")).FullName;
        var json = File.ReadAllText(source);
        File.WriteAllText(Path.Combine(classFolder, Programme + ".json"), json);
        File.WriteAllText(Path.Combine(declaredFolder, Programme + ".json"), json
            .Replace("\"PolicyRules\": {", "\"PolicyRules\": {\n    \"Input\": \"Firm\",", StringComparison.Ordinal)
            .Replace("enterprise.", "firm.", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(declaredFolder, "Firm.record.json"), """
            {
              "Record": "Firm", "Variable": "firm", "TitleZh": "企业", "TitleEn": "Firm",
              "Fields": [
                { "Name": "id", "Kind": "text", "TitleZh": "标识", "TitleEn": "Identifier" },
                { "Name": "rdExpenseY1", "Kind": "money", "Unit": "yuan", "TitleZh": "研发费用Y1", "TitleEn": "R&D expense Y1" },
                { "Name": "rdExpenseY2", "Kind": "money", "Unit": "yuan", "TitleZh": "研发费用Y2", "TitleEn": "R&D expense Y2" }
              ]
            }
            """);

        var csv = Path.Combine(_folder, "firms.csv");
        var random = new Random(14);
        using (var writer = new StreamWriter(csv))
        {
            writer.WriteLine("id,rdExpenseY1,rdExpenseY2");
            for (var i = 0; i < Batch; i++)
            {
                writer.WriteLine($"F{i},{random.Next(3_000_000, 25_000_000)}.{random.Next(100):D2},{random.Next(1_000_000, 20_000_000)}.{random.Next(100):D2}");
            }
        }

        _overClass = PolicyEngine.LoadDirectory(classFolder).GetProgramme(Programme, Samples.AsOf);
        var declaredEngine = PolicyEngine.LoadDirectory(declaredFolder);
        _overDeclared = declaredEngine.GetProgramme(Programme, Samples.AsOf);
        _compiledRecords = Read(csv, _overClass.Schema, _overClass.RequiredFields);
        _declaredRecords = Read(csv, declaredEngine.Records["Firm"], _overDeclared.RequiredFields);
        _ids = [.. Enumerable.Range(0, Batch).Select(i => "F" + i)];
        _classBuffer = _overClass.CreateBuffer();
        _declaredBuffer = _overDeclared.CreateBuffer();
        for (var i = 0; i < Batch; i++)
        {
            var a = _overClass.ScreenRecord(_compiledRecords[i], _ids[i], Samples.AsOf, _classBuffer);
            var b = _overDeclared.ScreenRecord(_declaredRecords[i], _ids[i], Samples.AsOf, _declaredBuffer);
            if (a != b || _classBuffer.Output(0) != _declaredBuffer.Output(0) || _classBuffer.Output(1) != _declaredBuffer.Output(1))
            {
                throw new InvalidOperationException($"Record {_ids[i]}: the programme over the class and over the declared kind disagree.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    /// <summary>The programme over the compiled <see cref="EnterpriseProfile"/> class.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int OverCompiledClass() => Screen(_overClass, _compiledRecords, _classBuffer);

    /// <summary>The same programme over a record kind declared in JSON.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int OverDeclaredRecord() => Screen(_overDeclared, _declaredRecords, _declaredBuffer);

    private int Screen(CompiledProgramme programme, object[] records, ScreeningBuffer buffer)
    {
        var eligible = 0;
        for (var i = 0; i < records.Length; i++)
        {
            eligible += programme.ScreenRecord(records[i], _ids[i], Samples.AsOf, buffer) ? 1 : 0;
        }

        return eligible;
    }

    private static object[] Read(string csv, RecordSchema schema, FieldSet required)
    {
        using var reader = ProfileReaders.Open(csv, schema, required);
        return [.. reader.ReadAll().Select(r => r.Record ?? throw new InvalidOperationException($"row {r.Row}: {string.Join("; ", r.Errors)}"))];
    }
}
