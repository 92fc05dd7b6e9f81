namespace PolicyRules.Model;

/// <summary>The highest green-factory title an enterprise holds (绿色工厂等级).</summary>
public enum GreenFactoryLevel
{
    /// <summary>No green-factory title.</summary>
    None,
    /// <summary>Municipal green factory (市级).</summary>
    Municipal,
    /// <summary>Provincial green factory (省级).</summary>
    Provincial,
    /// <summary>National green factory (国家级).</summary>
    National,
}
