using PolicyRules.Model;

namespace PolicyRules.Cli.Generation;

/// <summary>
/// Seeded synthetic person profiles for person-level programmes (YoungTalentLeader): ages spread
/// over a working life with extra weight around the 45-year line, a minority holding a
/// leading-talent qualification, employers drawn from the enterprise generator's id space.
/// </summary>
internal static class SyntheticPersons
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林"];
    private static readonly string[] GivenNames = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "海燕", "建华", "志强", "晓东"];

    /// <summary>The evaluation date the ages are drawn around (the README's as-of date).</summary>
    private static readonly DateOnly Reference = new(2025, 6, 30);

    public static IEnumerable<PersonProfile> Generate(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            // One in four within two years of the 45-year line, so screening meets the boundary.
            var ageDays = random.NextDouble() < 0.25
                ? random.Next(43 * 365, 47 * 365 + 1)
                : random.Next(24 * 365, 62 * 365 + 1);
            var birth = Reference.AddDays(-ageDays);
            yield return new PersonProfile
            {
                Id = $"P{seed & 0xFFFF:X4}{i + 1:D6}",
                Name = Surnames[random.Next(Surnames.Length)] + GivenNames[random.Next(GivenNames.Length)],
                BirthDate = birth,
                EmployerId = random.NextDouble() < 0.9 ? $"913702{random.Next(0, 1_000_000_000):D9}{(char)('A' + random.Next(26))}{random.Next(0, 100):D2}" : "",
                LeadingTalentQualified = random.NextDouble() < 0.3,
            };
        }
    }
}
