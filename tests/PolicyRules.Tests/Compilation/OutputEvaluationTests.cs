using PolicyRules.Evaluation;
using PolicyRules.RuleTesting;

namespace PolicyRules.Tests.Compilation;

/// <summary>
/// Issue 14 item 5: declared outputs through the typed API and the explanation — computed only for
/// eligible records, rounded as declared, capped at the cap, at every boundary worked out by hand.
/// </summary>
public sealed class OutputEvaluationTests
{
    private static ProgrammeResult Evaluate(decimal rdY1, decimal rdY2) =>
        OutputProgramme.Engine.Evaluate(OutputProgramme.Name, OutputProgramme.With("E1", rdY1, rdY2), TestProfiles.AsOf);

    [Theory]
    // increase × 10%, rounded down to the yuan, capped at 1,000,000
    [InlineData("20000000", "10000000", "1000000", "500000.00")]        // the cap exactly
    [InlineData("19999990", "10000000", "999999", "499999.50")]         // one yuan below the cap
    [InlineData("19999999.99", "10000000", "999999", "500000.00")]      // 999,999.999 down, never up to the cap; 499,999.9995 half up to the cap
    [InlineData("20000000.10", "10000000", "1000000", "500000.00")]     // one fen above before rounding
    [InlineData("20000010", "10000000", "1000000", "500000.00")]        // one yuan above: capped
    [InlineData("6000005", "5000000", "100000", "50000.25")]            // .5 yuan rounds down
    [InlineData("6000009.9", "5000000", "100000", "50000.50")]          // .99 yuan rounds down; .495 fen half up
    [InlineData("6000000.10", "5000000", "100000", "50000.01")]         // half a fen rounds up
    [InlineData("6000000.09", "5000000", "100000", "50000.00")]         // 0.45 fen rounds down
    public void An_eligible_record_gets_its_rounded_and_capped_outputs(string rdY1, string rdY2, string award, string matchingFund)
    {
        var result = Evaluate(decimal.Parse(rdY1, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(rdY2, System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(result.Eligible);
        Assert.Equal(decimal.Parse(award, System.Globalization.CultureInfo.InvariantCulture), result.Outputs["award"]);
        Assert.Equal(decimal.Parse(matchingFund, System.Globalization.CultureInfo.InvariantCulture), result.Outputs["matchingFund"]);
        // Written with exactly the declared places: yuan whole, fen with two decimals, capped or not.
        Assert.Equal(award, result.Outputs["award"]!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(matchingFund, result.Outputs["matchingFund"]!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("4999999.99", "1000000")]   // one fen below 5,000,000
    [InlineData("5499999.99", "5000000")]   // one fen short of 10% growth
    public void An_ineligible_record_has_empty_outputs(string rdY1, string rdY2)
    {
        var result = Evaluate(decimal.Parse(rdY1, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(rdY2, System.Globalization.CultureInfo.InvariantCulture));

        Assert.False(result.Eligible);
        Assert.Equal(["award", "matchingFund"], result.Outputs.Keys);
        Assert.Null(result.Outputs["award"]);
        Assert.Null(result.Outputs["matchingFund"]);
        Assert.All(result.OutputDetails, o => Assert.Empty(o.Inputs));
        Assert.Contains("not eligible", result.OutputDetails[0].Explanation.En, StringComparison.Ordinal);
        Assert.Contains("不符合条件", result.OutputDetails[0].Explanation.Zh, StringComparison.Ordinal);
    }

    [Fact]
    public void The_thresholds_themselves_are_eligible()
    {
        Assert.Equal(45454m, Evaluate(5_000_000m, 4_545_454.54m).Outputs["award"]);   // exactly 5,000,000
        Assert.Equal(50000m, Evaluate(5_500_000m, 5_000_000m).Outputs["award"]);       // exactly 10% growth
    }

    [Fact]
    public void An_undeclared_output_is_a_clear_error_naming_the_declared_ones()
    {
        var result = Evaluate(6_000_000m, 5_000_000m);
        var error = Assert.Throws<KeyNotFoundException>(() => result.Outputs["awrd"]);
        Assert.Contains("award, matchingFund", error.Message, StringComparison.Ordinal);
        Assert.False(result.Outputs.ContainsKey("awrd"));
    }

    [Fact]
    public void A_programme_without_outputs_has_none_and_serializes_as_before()
    {
        var result = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory).Evaluate("HighTechEnterprise", TestProfiles.Baseline(), TestProfiles.AsOf);
        Assert.Empty(result.Outputs);
        Assert.True(result.OutputDetails.IsEmpty);
        Assert.DoesNotContain("outputs", System.Text.Json.JsonSerializer.Serialize(result), StringComparison.Ordinal);
        Assert.DoesNotContain("Outputs", ExplanationText.Render(result), StringComparison.Ordinal);
    }

    [Fact]
    public void The_explanation_gives_each_output_with_its_inputs_rounding_cap_and_citation_in_both_languages()
    {
        var result = Evaluate(20_000_010m, 10_000_000m);
        var award = result.OutputDetails.Single(o => o.Name == "award");
        Assert.Equal(1_000_001m, award.Computed);
        Assert.Equal(1_000_000m, award.Value);
        Assert.Equal(["rdIncrease", "awardRate"], award.Inputs.Select(i => i.Name));
        Assert.Equal(10_000_010m, award.Inputs[0].Value);
        Assert.Equal("第三条", award.Citation?.Article);
        Assert.Equal("计算值 1,000,001 元；向下取整（舍去）至元为 1,000,001 元；超过上限 1,000,000 元，按上限封顶；结果 1,000,000 元", award.Explanation.Zh);
        Assert.Equal("computed ¥1,000,001; rounded down to the yuan: ¥1,000,001; above the cap ¥1,000,000: capped; result ¥1,000,000", award.Explanation.En);

        var text = ExplanationText.Render(result);
        Assert.Contains("输出 Outputs:", text, StringComparison.Ordinal);
        Assert.Contains("award: 补助金额", text, StringComparison.Ordinal);
        Assert.Contains("1,000,000 元 / Award", text, StringComparison.Ordinal);
        Assert.Contains("输入 Inputs: rdIncrease = 10,000,010 元 / ¥10,000,010; awardRate = 10%", text, StringComparison.Ordinal);
        Assert.Contains("依据 Source: 《研发投入增量补助测试办法》（测试用，非正式文件）（测试文件）第三条", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_computed_value_is_shown_exactly_before_rounding()
    {
        var matching = Evaluate(6_000_000.10m, 5_000_000m).OutputDetails.Single(o => o.Name == "matchingFund");
        Assert.Equal(50_000.005m, matching.Computed);
        Assert.StartsWith("计算值 50,000.005 元；四舍五入至分为 50,000.01 元", matching.Explanation.Zh, StringComparison.Ordinal);
        Assert.StartsWith("computed ¥50,000.005; rounded half up to the fen (0.01 yuan): ¥50,000.01", matching.Explanation.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_results_carry_the_outputs()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Evaluate(6_000_000m, 5_000_000m));
        Assert.Contains("\"outputs\":[{\"Name\":\"award\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Value\":100000", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Screening_and_explaining_kernels_give_the_same_outputs()
    {
        var programme = OutputProgramme.Engine.GetProgramme(OutputProgramme.Name, TestProfiles.AsOf);
        var buffer = programme.CreateBuffer();
        foreach (var (y1, y2) in new[] { (20_000_010m, 10_000_000m), (6_000_000.10m, 5_000_000m), (4_999_999.99m, 1_000_000m) })
        {
            var profile = OutputProgramme.With("E", y1, y2);
            var eligible = programme.Screen(profile, TestProfiles.AsOf, buffer);
            var explained = programme.Evaluate(profile, TestProfiles.AsOf);
            Assert.Equal(explained.Eligible, eligible);
            Assert.Equal(programme.OutputNames, explained.Outputs.Keys);
            for (var k = 0; k < programme.OutputNames.Length; k++)
            {
                Assert.Equal(explained.Outputs[programme.OutputNames[k]], buffer.Output(k));
            }
        }
    }

    [Fact]
    public void The_rule_tests_of_the_test_programme_pass_and_a_wrong_expected_output_fails_naming_both_values()
    {
        var file = Path.Combine(OutputProgramme.RulesDirectory, "RdIncreaseSubsidy.tests.json");
        var results = RuleTestRunner.Run(OutputProgramme.Engine, file);
        Assert.Equal(11, results.Count);
        Assert.All(results, r => Assert.True(r.Passed, string.Join("; ", r.Differences)));

        var copy = Path.Combine(Directory.CreateTempSubdirectory("outputs-tests-").FullName, "RdIncreaseSubsidy.tests.json");
        File.WriteAllText(copy, File.ReadAllText(file).Replace("\"award\": 999999", "\"award\": 1000000", StringComparison.Ordinal).Replace("\"matchingFund\": 50000.01", "\"matchingFnd\": 50000.01", StringComparison.Ordinal));
        var failed = RuleTestRunner.Run(OutputProgramme.Engine, copy).Where(r => !r.Passed).ToList();
        Assert.Equal(2, failed.Count);
        Assert.Contains("output award: expected 1000000, got 999999 / 输出项 award：期望 1000000，实际 999999", failed[0].Differences);
        Assert.Contains("output matchingFnd: RdIncreaseSubsidy declares no such output (it declares award, matchingFund) / 输出项 matchingFnd：RdIncreaseSubsidy 没有声明该输出项（已声明：award, matchingFund）", failed[1].Differences);
    }
}
