namespace PolicyRules.Model;

/// <summary>Enterprise size class (大型 / 中型 / 小型 / 微型) per 工信部联企业〔2011〕300号.</summary>
public enum SizeClass
{
    /// <summary>大型企业: at or above the industry's ceiling on every indicator.</summary>
    Large,
    /// <summary>中型企业.</summary>
    Medium,
    /// <summary>小型企业.</summary>
    Small,
    /// <summary>微型企业.</summary>
    Micro,
}
