using System.Numerics;
using DuckDB.NET.Data;
using PolicyRules.Cli.Generation;
using PolicyRules.Model;
using PolicyRules.Sql;

namespace PolicyRules.Tests.Sql;

/// <summary>
/// Where .NET's decimal rounding decides the answer: records with small counts and amounts, so that
/// sums of non-terminating quotients land exactly on a rounding half of the innovation index (4
/// decimals) or exactly on LittleGiant 2022's 5% average growth. SQL on DuckDB and PostgreSQL gives the
/// .NET engine's answer on every row (it once cut quotients at 16 decimals and missed these by one in
/// the last place). The records are checked to hold such cases, with exact rational arithmetic.
/// </summary>
public sealed class SqlDecimalRoundingParityTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>, IDisposable
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
    private readonly string _directory = Directory.CreateTempSubdirectory("policyrules-sqlhalves-").FullName;

    /// <summary>A date on which LittleGiant's 2022 version (the average-growth rule) is in force.</summary>
    private static readonly DateOnly LittleGiant2022 = Engine.GetVersions("LittleGiant").Select(v => v.Definition).First(d => d.EffectiveTo is not null).EffectiveTo!.Value;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string> Dates() => new(SyntheticProfiles.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        LittleGiant2022.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void The_records_hold_exact_halves_and_exact_boundaries_reached_through_non_terminating_quotients()
    {
        var profiles = Profiles();
        var halves = profiles.Count(IndexOnAHalfThroughRepeatingQuotients);
        var averages = profiles.Count(GrowthAverageExactlyFivePercentThroughRepeatingQuotients);
        Assert.True(halves >= 15 && averages >= 15, $"{halves} index halves, {averages} 5% averages");
    }

    [Theory]
    [MemberData(nameof(Dates))]
    public void DuckDB_gives_the_NET_answer_at_rounding_halves(string date)
    {
        var asOf = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        var profiles = Profiles();
        var programmes = SqlParity.EnterpriseProgrammes(Engine).Select(n => Engine.GetProgramme(n, asOf)).ToList();
        var csv = SqlParity.WriteCsv(profiles, _directory);
        var query = ScreeningSql.Compile(programmes, asOf, SqlDialects.DuckDb, new ScreeningSqlOptions { From = $"read_csv('{csv}', all_varchar = true, header = true)" });
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var actual = SqlParity.Actual(query, connection);
        Assert.Empty(SqlParity.Differences(programmes, SqlParity.Expected(programmes, profiles, asOf), actual));
    }

    [Theory]
    [MemberData(nameof(Dates))]
    public void PostgreSQL_gives_the_NET_answer_at_rounding_halves(string date)
    {
        if (fixture.Server is null)
        {
            Assert.False(PostgresServer.Required, "POLICYRULES_REQUIRE_POSTGRES=1 but no server could start: " + fixture.WhyNot);
            return;
        }

        var asOf = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        var profiles = Profiles();
        var programmes = SqlParity.EnterpriseProgrammes(Engine).Select(n => Engine.GetProgramme(n, asOf)).ToList();
        using var connection = fixture.Server.Connect();
        var table = "halves_" + asOf.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        PostgresParityTests.LoadText(connection, SqlParity.WriteCsv(profiles, _directory), table, typed: false);
        var query = ScreeningSql.Compile(programmes, asOf, SqlDialects.PostgreSql, new ScreeningSqlOptions { From = SqlDialects.PostgreSql.QuoteIdentifier(table) });
        var actual = SqlParity.Actual(query, connection);
        Assert.Empty(SqlParity.Differences(programmes, SqlParity.Expected(programmes, profiles, asOf), actual));
    }

    /// <summary>Generated records with small staff numbers, IP counts and amounts (whole yuan), and main-business revenues set for a 5% two-year average.</summary>
    internal static List<EnterpriseProfile> Profiles()
    {
        var random = new Random(59_53125);
        int[] friendly = [3, 6, 12, 24, 36, 48, 72, 96, 144, 192, 7, 14, 28, 56, 112];
        int Small(int max) => random.Next(4) == 0 ? random.Next(1, max + 1) : friendly[random.Next(friendly.Length)];
        return [.. SyntheticProfiles.Generate(6000, seed: 20261206).Select(p =>
        {
            var employees = Small(200);
            var revenue = Small(400);
            var (y1, y2, y3) = FivePercentAverage(random);
            return p with
            {
                Employees = employees,
                TechStaff = random.Next(0, employees + 1),
                IpClassI = random.Next(0, 11),
                IpClassII = random.Next(0, 11),
                RevenueY1 = revenue,
                RevenueY2 = Small(400),
                RdExpenseY1 = random.Next(0, revenue / 5 + 1),
                MainBusinessRevenueY1 = y1,
                MainBusinessRevenueY2 = y2,
                MainBusinessRevenueY3 = y3,
            };
        })];
    }

    /// <summary>Main-business revenues Y1, Y2, Y3 (to the fen) whose two growth rates average exactly 5%: Y1 = Y2·(2.1·Y3 − Y2)/Y3.</summary>
    private static (decimal Y1, decimal Y2, decimal Y3) FivePercentAverage(Random random)
    {
        while (true)
        {
            var y3 = random.Next(1, 300);
            var y2 = random.Next(y3, y3 * 2);
            var fen = (BigInteger)y2 * (210 * y3 - 100 * y2);
            if (fen > 0 && fen % y3 == 0)
            {
                return ((decimal)(fen / y3) / 100m, y2, y3);
            }
        }
    }

    private static bool IndexOnAHalfThroughRepeatingQuotients(EnterpriseProfile p)
    {
        Fraction Capped(Fraction x, Fraction cap) => Fraction.Min(x / cap, Fraction.One);
        Fraction Share(decimal n, decimal d) => d == 0 ? Fraction.Zero : new Fraction(n) / new Fraction(d);
        var parts = new[]
        {
            new Fraction(35) * Capped(Share(p.RdExpenseY1, p.RevenueY1), new Fraction(0.10m)),
            new Fraction(25) * Capped(Share(p.TechStaff, p.Employees), new Fraction(0.50m)),
            new Fraction(20) * Capped(Share(p.IpClassI * 2 + p.IpClassII, p.Employees), new Fraction(0.50m)),
            new Fraction(20) * Capped(Fraction.Max(p.RevenueY2 == 0 ? Fraction.Zero : Share(p.RevenueY1 - p.RevenueY2, p.RevenueY2), Fraction.Zero), Fraction.One),
        };
        var twice = parts.Aggregate(Fraction.Zero, (a, b) => a + b) * new Fraction(20_000);
        return twice.IsWhole && !twice.Numerator.IsEven && parts.Any(x => !x.Terminates);
    }

    private static bool GrowthAverageExactlyFivePercentThroughRepeatingQuotients(EnterpriseProfile p)
    {
        var g1 = new Fraction(p.MainBusinessRevenueY1 - p.MainBusinessRevenueY2) / new Fraction(p.MainBusinessRevenueY2);
        var g2 = new Fraction(p.MainBusinessRevenueY2 - p.MainBusinessRevenueY3) / new Fraction(p.MainBusinessRevenueY3);
        return g1 + g2 == new Fraction(0.10m) && !g1.Terminates;
    }

    /// <summary>An exact rational, for the checks above.</summary>
    private readonly record struct Fraction
    {
        public Fraction(BigInteger numerator, BigInteger denominator)
        {
            var g = BigInteger.GreatestCommonDivisor(numerator, denominator) * denominator.Sign;
            (Numerator, Denominator) = g.IsZero ? (BigInteger.Zero, BigInteger.One) : (numerator / g, denominator / g);
        }

        public Fraction(decimal value)
            : this(new BigInteger(value * 100m), 100)
        {
        }

        public static Fraction Zero => new(0, 1);

        public static Fraction One => new(1, 1);

        public BigInteger Numerator { get; }

        public BigInteger Denominator { get; }

        public bool IsWhole => Denominator.IsOne;

        /// <summary>True when the decimal expansion ends (the denominator has no prime but 2 and 5).</summary>
        public bool Terminates
        {
            get
            {
                var d = Denominator;
                while (d % 2 == 0) { d /= 2; }
                while (d % 5 == 0) { d /= 5; }
                return d.IsOne;
            }
        }

        public static Fraction operator +(Fraction a, Fraction b) => new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

        public static Fraction operator -(Fraction a, Fraction b) => new(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);

        public static Fraction operator *(Fraction a, Fraction b) => new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

        public static Fraction operator /(Fraction a, Fraction b) => new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

        public static Fraction Min(Fraction a, Fraction b) => a.Numerator * b.Denominator <= b.Numerator * a.Denominator ? a : b;

        public static Fraction Max(Fraction a, Fraction b) => a.Numerator * b.Denominator >= b.Numerator * a.Denominator ? a : b;
    }
}
