namespace PolicyRules.Model;

/// <summary>
/// Industry used for SME size classification (《中小企业划型标准规定》 工信部联企业〔2011〕300号).
/// The names are part of the public input contract: CSV and JSON carry them verbatim.
/// </summary>
public enum Industry
{
    /// <summary>农、林、牧、渔业.</summary>
    Agriculture,
    /// <summary>工业.</summary>
    Industry,
    /// <summary>建筑业.</summary>
    Construction,
    /// <summary>批发业.</summary>
    Wholesale,
    /// <summary>零售业.</summary>
    Retail,
    /// <summary>交通运输业.</summary>
    Transport,
    /// <summary>仓储业.</summary>
    Warehousing,
    /// <summary>邮政业.</summary>
    Postal,
    /// <summary>住宿业.</summary>
    Accommodation,
    /// <summary>餐饮业.</summary>
    Catering,
    /// <summary>信息传输业.</summary>
    InformationTransmission,
    /// <summary>软件和信息技术服务业.</summary>
    SoftwareAndIT,
    /// <summary>房地产开发经营.</summary>
    RealEstateDevelopment,
    /// <summary>物业管理.</summary>
    PropertyManagement,
    /// <summary>租赁和商务服务业.</summary>
    LeasingAndBusinessServices,
    /// <summary>其他未列明行业.</summary>
    Other,
}
