namespace PolicyRules.Compilation;

/// <summary>
/// The names expressions use for their inputs. To run our rule files through Microsoft's RulesEngine,
/// pass <c>new RuleParameter(RuleParameters.Enterprise, profile)</c> and
/// <c>new RuleParameter(RuleParameters.AsOf, date)</c>, with <see cref="AllowList.HelperTypes"/> and
/// <see cref="AllowList.ModelTypes"/> as <c>ReSettings.CustomTypes</c>.
/// </summary>
public static class RuleParameters
{
    /// <summary>The enterprise profile: <c>enterprise.Employees</c>.</summary>
    public const string Enterprise = "enterprise";

    /// <summary>The evaluation date: <c>Dates.DaysBetween(enterprise.RegistrationDate, asOf)</c>.</summary>
    public const string AsOf = "asOf";

    /// <summary>The outcomes of the programmes a composite uses: <c>programmes.Eligible("HighTechEnterprise")</c>.</summary>
    public const string Programmes = "programmes";

    /// <summary>The person profile of person-level programmes: <c>person.BirthDate</c>.</summary>
    public const string Person = "person";
}
