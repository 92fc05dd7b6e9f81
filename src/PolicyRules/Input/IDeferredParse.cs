namespace PolicyRules.Input;

/// <summary>
/// A row a reader has cut out of its input but not yet parsed: the record of a <see cref="ProfileRecord"/>
/// whose cells the bulk loop parses on a worker thread, so the reading thread only cuts rows.
/// </summary>
internal interface IDeferredParse
{
    /// <summary>The row parsed: a readable record, or rejected with its errors. Safe to call on any thread, once.</summary>
    ProfileRecord Parse(ProfileRecord cut);
}
