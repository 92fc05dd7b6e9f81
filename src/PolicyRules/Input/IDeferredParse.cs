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

/// <summary>A reader that can leave the parsing of its rows to the bulk loop's workers (<see cref="IDeferredParse"/>).</summary>
internal interface IDeferringReader
{
    /// <summary>Reads the data rows in order (once), each readable-looking row cut but not parsed.</summary>
    IEnumerable<ProfileRecord> ReadAllDeferred();
}
