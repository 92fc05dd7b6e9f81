namespace PolicyRules.Model;

/// <summary>How a profile field is written in CSV and JSON.</summary>
public enum FieldKind
{
    /// <summary>Free text.</summary>
    Text,
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
    /// <summary>A calendar date, <c>YYYY-MM-DD</c>.</summary>
    Date,
    /// <summary>A whole non-negative count (people, patents).</summary>
    Count,
    /// <summary>A non-negative amount of money in yuan (元), exact decimal.</summary>
    Money,
    /// <summary>A score between 0 and 100, exact decimal.</summary>
    Score,
    /// <summary>One of the <see cref="Model.Industry"/> names.</summary>
    Industry,
    /// <summary>An amount of money in yuan that may be negative (net profit), exact decimal.</summary>
    SignedMoney,
    /// <summary>A percentage between 0 and 100 (10 means 10%), exact decimal.</summary>
    Percent,
    /// <summary>One of the names of the property's enum type (e.g. <see cref="GreenFactoryLevel"/>).</summary>
    Choice,
    /// <summary>A number that may have decimals and be negative (a rate, a ratio), exact decimal, within its declared range.</summary>
    Number,
}
