using System.Text.Encodings.Web;
using System.Text.Json;
using PolicyRules.Screening;

namespace PolicyRules.Cli;

/// <summary>
/// <c>screen --summary FILE.json</c>: the run's summary for machines (the shape is documented in the
/// README, section "Pipelines"). Counts are exact integers; times are UTC and seconds.
/// </summary>
internal static class SummaryJson
{
    /// <summary>What the summary says about the run beyond <see cref="ScreeningSummary"/>.</summary>
    public sealed record Run(string Input, string Output, DateOnly AsOf, string? Rules, DateTimeOffset Started, TimeSpan Elapsed);

    public static void Write(string path, ScreeningSummary summary, Run run)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        using var file = File.Create(path);
        Write(file, summary, run);
    }

    public static void Write(Stream stream, ScreeningSummary summary, Run run)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteNumber("read", summary.Read);
        json.WriteNumber("written", summary.Written);
        json.WriteNumber("rejected", summary.Rejected);
        json.WriteString("asOf", run.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteStartObject("ruleSet");
        json.WriteString("id", summary.RuleSetId);
        json.WriteString("rules", run.Rules ?? "bundled");
        json.WriteEndObject();
        json.WriteString("input", run.Input);
        json.WriteString("output", run.Output);
        json.WriteString("rejects", summary.RejectsPath);
        json.WriteStartObject("timing");
        json.WriteString("started", run.Started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteNumber("elapsedSeconds", Math.Round(run.Elapsed.TotalSeconds, 3));
        json.WriteNumber("rowsPerSecond", Math.Round(summary.Read / Math.Max(run.Elapsed.TotalSeconds, 0.001), 1));
        json.WriteEndObject();
        json.WriteStartArray("programmes");
        foreach (var programme in summary.Programmes)
        {
            json.WriteStartObject();
            json.WriteString("programme", programme.Programme);
            json.WriteString("version", programme.Version);
            json.WriteNumber("eligible", programme.Eligible);
            json.WriteNumber("notEligible", summary.Written - programme.Eligible);
            json.WriteStartObject("failedByCriterion");
            foreach (var (criterion, failed) in programme.FailuresByCriterion)
            {
                json.WriteNumber(criterion, failed);
            }

            json.WriteEndObject();
            if (programme.TopFailure is { } top)
            {
                json.WriteString("eliminatesMost", top.Key);
            }
            else
            {
                json.WriteNull("eliminatesMost");
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
