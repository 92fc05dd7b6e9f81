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
        // Whole or not at all, like every other output (OutputFiles).
        using var outputs = new Output.OutputFiles([run.Input]);
        using (var file = outputs.Create(path))
        {
            Write(file, summary, run);
        }

        outputs.Commit();
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

            if (!programme.OutputTotals.IsDefaultOrEmpty)
            {
                // Each declared output's exact total over the eligible rows (an award budget).
                json.WriteStartObject("outputTotals");
                foreach (var total in programme.OutputTotals)
                {
                    json.WriteStartObject(total.Name);
                    if (total.Total is { } sum)
                    {
                        json.WriteNumber("total", sum);
                    }
                    else
                    {
                        json.WriteNull("total");
                    }

                    json.WriteNumber("count", total.Count);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (!summary.Targets.IsEmpty)
        {
            WriteTargets(json, summary.Targets);
        }

        json.WriteEndObject();
    }

    /// <summary>The plan targets (<c>--targets</c>): per target the value now, the gap and who could close it.</summary>
    private static void WriteTargets(Utf8JsonWriter json, IReadOnlyList<Targets.TargetResult> results)
    {
        json.WriteStartArray("targets");
        foreach (var result in results)
        {
            var target = result.Target;
            json.WriteStartObject();
            json.WriteString("target", target.Name);
            json.WriteString("titleZh", target.Title.Zh);
            json.WriteString("titleEn", target.Title.En);
            json.WriteString("citation", target.Citation.ToString());
            json.WriteString("metric", target.Metric.Kind);
            json.WriteNumber("year", target.Year);
            json.WriteNumber("value", target.Value);
            json.WriteBoolean("approximate", target.Approximate);
            WriteNumberOrNull(json, "now", result.Now);
            WriteNumberOrNull(json, "gap", result.Gap);
            json.WriteBoolean("met", result.Met);
            if ((result.NotMeasured ?? target.Caveat) is { } note)
            {
                json.WriteString("noteZh", note.Zh);
                json.WriteString("noteEn", note.En);
            }

            if (target.Metric is Targets.AggregateGrowthMetric)
            {
                json.WriteNumber("population", result.Population);
                WriteNumberOrNull(json, "currentTotal", result.CurrentTotal);
                WriteNumberOrNull(json, "previousTotal", result.PreviousTotal);
                WriteNumberOrNull(json, "shortfall", result.Shortfall);
                json.WriteNumber("laggards", result.LaggardCount);
                json.WriteStartArray("firstLaggards");
                foreach (var laggard in result.Laggards)
                {
                    json.WriteStartObject();
                    json.WriteString("id", laggard.Id);
                    json.WriteNumber("shortfall", laggard.Shortfall);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }
            else
            {
                json.WriteNumber("candidates", result.Candidates);
                json.WriteNumber("nearMisses", result.NearMisses);
                json.WriteNumber("needed", result.Needed);
                json.WriteStartArray("firstCandidates");
                foreach (var candidate in result.TopCandidates)
                {
                    json.WriteStartObject();
                    json.WriteString("id", candidate.Id);
                    json.WriteString("programme", candidate.Programme);
                    json.WriteBoolean("meetsCriteria", candidate.MeetsCriteria);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
