namespace PolicyRules.Output;

/// <summary>
/// An output that names an input of the same run, or another of its outputs — directly, through a
/// link, or by a derived name such as <c>&lt;output&gt;.rejects.csv</c>. Nothing has been written.
/// </summary>
public sealed class OutputConflictException : IOException
{
    /// <summary>Creates the exception.</summary>
    public OutputConflictException(string output, string conflictsWith, bool withInput)
        : base(withInput
            ? $"{output}: this output is the input file {conflictsWith} (same file by identity, through a link or a derived name); writing it would destroy the input. Choose another output path. / {output}：输出文件与输入文件 {conflictsWith} 是同一文件，写入将毁掉输入，请另选输出路径。"
            : $"{output}: this output is the same file as another output of the run, {conflictsWith}; one would overwrite the other. Choose distinct output paths. / {output}：输出文件与本次运行的另一输出 {conflictsWith} 是同一文件，请使用不同的输出路径。")
    {
        Output = output;
        ConflictsWith = conflictsWith;
        WithInput = withInput;
    }

    /// <summary>The refused output path, as given.</summary>
    public string Output { get; }

    /// <summary>The input or earlier output it would overwrite, as given.</summary>
    public string ConflictsWith { get; }

    /// <summary>True when <see cref="ConflictsWith"/> is an input; false when it is another output.</summary>
    public bool WithInput { get; }
}
