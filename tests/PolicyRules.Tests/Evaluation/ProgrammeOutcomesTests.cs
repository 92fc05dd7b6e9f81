using PolicyRules.Compilation;
using PolicyRules.Evaluation;

namespace PolicyRules.Tests.Evaluation;

/// <summary>
/// A used programme's outcome read by the id compiled into a kernel (<see cref="ProgrammeIds"/>) is the one
/// read by name, whichever names an instance holds, in whatever order, and whenever the ids were given; a
/// read before the outcome is written fails as the read by name does.
/// </summary>
public sealed class ProgrammeOutcomesTests
{
    [Fact]
    public void Reading_by_id_gives_what_reading_by_name_gives()
    {
        string[] names = ["ZetaProgramme" + Guid.NewGuid().ToString("N"), "HighTechEnterprise", "SmeSize", "AlphaProgramme" + Guid.NewGuid().ToString("N")];
        var early = ProgrammeIds.Of(names[3]); // an id given before any instance holds the name
        var outcomes = new ProgrammeOutcomes(names);
        var other = new ProgrammeOutcomes(names.Reverse().Take(3)); // other slots for the same names
        for (var record = 0; record < 3; record++)
        {
            outcomes.NextRecord();
            other.NextRecord();
            for (var slot = 0; slot < names.Length; slot++)
            {
                outcomes.SetAt(slot, eligible: (slot + record) % 2 == 0, score: slot * 10 + record, classification: $"c{slot}{record}");
            }

            foreach (var name in names.Reverse().Take(3))
            {
                other.Set(name, name.Length % 2 == record % 2, record, name);
            }

            foreach (var name in names)
            {
                var id = ProgrammeIds.Of(name);
                Assert.Equal(outcomes.Eligible(name), outcomes.EligibleAt(id, name));
                Assert.Equal(outcomes.Score(name), outcomes.ScoreAt(id, name));
                Assert.Equal(outcomes.Classification(name), outcomes.ClassificationAt(id, name));
                if (name != names[0])
                {
                    Assert.Equal(other.Eligible(name), other.EligibleAt(id, name));
                    Assert.Equal(other.Classification(name), other.ClassificationAt(id, name));
                }
            }
        }

        Assert.Equal(early, ProgrammeIds.Of(names[3]));
    }

    [Fact]
    public void A_read_by_id_before_the_outcome_is_written_or_of_a_programme_not_held_fails_as_by_name()
    {
        var held = "Held" + Guid.NewGuid().ToString("N");
        var outcomes = new ProgrammeOutcomes([held]);
        outcomes.NextRecord();
        var byName = Assert.Throws<InvalidOperationException>(() => outcomes.Eligible(held));
        var byId = Assert.Throws<InvalidOperationException>(() => outcomes.EligibleAt(ProgrammeIds.Of(held), held));
        Assert.Equal(byName.Message, byId.Message);

        var notHeld = "NotHeld" + Guid.NewGuid().ToString("N");
        var later = ProgrammeIds.Of(notHeld); // past the instance's table of ids
        Assert.Throws<InvalidOperationException>(() => outcomes.ClassificationAt(later, notHeld));
    }

    [Fact]
    public void A_compiled_kernel_reads_used_programmes_by_id()
    {
        var programmes = System.Linq.Expressions.Expression.Parameter(typeof(ProgrammeOutcomes), "programmes");
        var tree = System.Linq.Expressions.Expression.Lambda<Func<ProgrammeOutcomes, bool>>(
            System.Linq.Expressions.Expression.Call(programmes, typeof(ProgrammeOutcomes).GetMethod(nameof(ProgrammeOutcomes.Eligible))!, System.Linq.Expressions.Expression.Constant("HighTechEnterprise")),
            programmes);
        var rewritten = ProgrammeReads.Rewrite(tree);
        var call = Assert.IsAssignableFrom<System.Linq.Expressions.MethodCallExpression>(rewritten.Body);
        Assert.Equal(nameof(ProgrammeOutcomes.EligibleAt), call.Method.Name);
        Assert.Equal(ProgrammeIds.Of("HighTechEnterprise"), ((System.Linq.Expressions.ConstantExpression)call.Arguments[0]).Value);
    }
}
