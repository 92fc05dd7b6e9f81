namespace PolicyRules.Output;

/// <summary>
/// An output format cannot hold what the run would write (an Excel sheet's rows, an Excel cell's
/// characters): an <see cref="IOException"/> whose message is already bilingual and names the place
/// and the way out, so the command line prints it once rather than inside its generic file-error text.
/// </summary>
internal sealed class OutputLimitException(string message) : IOException(message);
