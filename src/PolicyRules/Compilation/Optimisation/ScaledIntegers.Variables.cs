using System.Linq.Expressions;

namespace PolicyRules.Compilation.Optimisation;

/// <summary>A parameter read in integers: its body restated where it is read, translated once, and only while small.</summary>
internal sealed partial class ScaledIntegers
{
    private readonly Dictionary<(ParameterExpression, Type), Scaled?> _variables = [];

    /// <summary>
    /// The most nodes a parameter's body may have to be restated where it is read. A parameter read
    /// twice by the next, and so on (<c>p2 = p1 + p1</c>, a cap <c>p1 &gt; 1000 ? p1 : 1000</c>), doubles
    /// the restated tree at each: 13 such parameters took 4 GB and overflowed the stack. Beyond this,
    /// the parameter is read as the decimal the kernel computes once.
    /// </summary>
    internal const int MaxInlinedNodes = 256;

    private Scaled? Variable(ParameterExpression variable, Type type)
    {
        if (!bodies.TryGetValue(variable, out var body))
        {
            return null;
        }

        if (_variables.TryGetValue((variable, type), out var known))
        {
            return known; // translated once, however many times it is read
        }

        if (!_visiting.Add(variable))
        {
            return null;
        }

        try
        {
            // The body again, in integers: a few adds, cheaper than reading the decimal — unless it is large.
            var translated = Translate(body, type);
            if (translated is { } value && !NodeCounter.AtMost(value.Value, MaxInlinedNodes))
            {
                translated = null;
            }

            _variables[(variable, type)] = translated;
            return translated;
        }
        finally
        {
            _visiting.Remove(variable);
        }
    }
}
