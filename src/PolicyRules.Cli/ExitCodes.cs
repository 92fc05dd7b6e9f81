namespace PolicyRules.Cli;

/// <summary>The process exit codes, documented in the README.</summary>
internal static class ExitCodes
{
    /// <summary>The run completed (ineligible enterprises and rejected rows are results, not failures).</summary>
    public const int Ok = 0;

    /// <summary>Bad input or bad rules: the message on stderr names the file and location.</summary>
    public const int BadInput = 2;
}
