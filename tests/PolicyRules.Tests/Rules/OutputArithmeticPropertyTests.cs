using CsCheck;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Rules;

/// <summary>
/// The class, not the instance: for any value, rounding and bounds, a declared output never exceeds
/// its cap, never falls below its floor, is on its rounding grid (so rounding again changes nothing),
/// moves the way its mode says, and keeps the order of the values it is computed from.
/// </summary>
public sealed class OutputArithmeticPropertyTests
{
    private static decimal Scaled(long units, int places) => units / Pow10(places);

    private static decimal Pow10(int places) => places == 0 ? 1m : 10m * Pow10(places - 1);

    /// <summary>A value with up to 8 decimal places, up to ±10^13.</summary>
    private static readonly Gen<decimal> Value = Gen.Select(Gen.Long[-1_000_000_000_000_000_000, 1_000_000_000_000_000_000], Gen.Int[0, 8])
        .Select((units, places) => Scaled(units / 100_000, places));

    private static readonly Gen<OutputRoundingMode> Mode = Gen.Int[1, 4].Select(i => (OutputRoundingMode)i);

    [Fact]
    public void Never_above_the_cap_never_below_the_floor_always_on_the_grid_and_rounding_again_changes_nothing()
    {
        Gen.Select(Value, Mode, Gen.Int[0, 4], Gen.Long[0, 10_000_000_000], Gen.Bool).Sample((value, mode, places, capUnits, withFloor) =>
        {
            var cap = Scaled(capUnits, places);
            decimal? floor = withFloor ? 0m : null;
            var result = OutputArithmetic.Finish(value, places, mode, floor, cap);

            Assert.True(result <= cap, $"{result} above cap {cap}");
            Assert.True(floor is null || result >= floor, $"{result} below floor {floor}");
            Assert.True(OutputArithmetic.OnGrid(result, places), $"{result} not on the grid of {places} places");
            Assert.Equal(result, OutputArithmetic.Round(result, places, mode));
            Assert.Equal(result, OutputArithmetic.Finish(result, places, mode, floor, cap));
        }, iter: 20_000);
    }

    [Fact]
    public void Each_mode_moves_the_value_the_way_it_says_by_less_than_one_step()
    {
        Gen.Select(Value, Mode, Gen.Int[0, 4]).Sample((value, mode, places) =>
        {
            var rounded = OutputArithmetic.Round(value, places, mode);
            var step = OutputArithmetic.Step(places);
            Assert.True(Math.Abs(rounded - value) < step, $"{value} → {rounded}");
            switch (mode)
            {
                case OutputRoundingMode.Down:
                    Assert.True(Math.Abs(rounded) <= Math.Abs(value), $"down {value} → {rounded}");
                    break;
                case OutputRoundingMode.Up:
                    Assert.True(Math.Abs(rounded) >= Math.Abs(value), $"up {value} → {rounded}");
                    break;
                default:
                    Assert.True(Math.Abs(rounded - value) <= step / 2, $"half {value} → {rounded}");
                    break;
            }
        }, iter: 20_000);
    }

    [Fact]
    public void A_larger_value_never_gets_a_smaller_output()
    {
        Gen.Select(Value, Value, Mode, Gen.Int[0, 4]).Sample((a, b, mode, places) =>
        {
            var (low, high) = a <= b ? (a, b) : (b, a);
            Assert.True(OutputArithmetic.Finish(low, places, mode, 0m, 1_000_000m) <= OutputArithmetic.Finish(high, places, mode, 0m, 1_000_000m));
        }, iter: 20_000);
    }

    [Theory]
    [InlineData(OutputRoundingMode.Down, "2.5", "2")]
    [InlineData(OutputRoundingMode.Down, "2.99", "2")]
    [InlineData(OutputRoundingMode.Down, "-2.99", "-2")]
    [InlineData(OutputRoundingMode.Up, "2.01", "3")]
    [InlineData(OutputRoundingMode.Up, "2", "2")]
    [InlineData(OutputRoundingMode.Up, "-2.01", "-3")]
    [InlineData(OutputRoundingMode.HalfUp, "2.5", "3")]
    [InlineData(OutputRoundingMode.HalfUp, "2.49", "2")]
    [InlineData(OutputRoundingMode.HalfUp, "-2.5", "-3")]
    [InlineData(OutputRoundingMode.HalfEven, "2.5", "2")]
    [InlineData(OutputRoundingMode.HalfEven, "3.5", "4")]
    [InlineData(OutputRoundingMode.HalfEven, "2.51", "3")]
    public void Each_mode_at_the_half_and_near_a_whole(OutputRoundingMode mode, string value, string expected)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        Assert.Equal(decimal.Parse(expected, culture), OutputArithmetic.Round(decimal.Parse(value, culture), 0, mode));
    }

    [Fact]
    public void The_compiled_programme_gives_what_the_declaration_says_for_any_record()
    {
        var programme = OutputProgramme.Engine.GetProgramme(OutputProgramme.Name, TestProfiles.AsOf);
        var award = programme.Definition.Outputs.Single(o => o.Name == "award");
        var matching = programme.Definition.Outputs.Single(o => o.Name == "matchingFund");
        // R&D expenses to the fen, around the thresholds and far past the cap.
        var fen = Gen.Long[0, 5_000_000_000];
        Gen.Select(fen, fen).Sample((y1Fen, y2Fen) =>
        {
            var profile = OutputProgramme.With("P", y1Fen / 100m, y2Fen / 100m);
            var buffer = programme.CreateBuffer(); // one per sample: CsCheck samples on several threads
            var eligible = programme.Screen(profile, TestProfiles.AsOf, buffer);
            var increase = profile.RdExpenseY1 - profile.RdExpenseY2;
            Assert.Equal(eligible ? award.Finish(increase * 0.10m) : null, buffer.Output(0));
            Assert.Equal(eligible ? matching.Finish(increase * 0.05m) : null, buffer.Output(1));
            if (buffer.Output(0) is { } value)
            {
                Assert.InRange(value, 0m, 1_000_000m);
                Assert.Equal(decimal.Truncate(value), value);
            }
        }, iter: 20_000);
    }
}
